#!/usr/bin/python3
"""test_e2e_destroy.py: apply examples/clicamos, roll a new AMI, destroy:
the emulator is left as it was before the apply (everything the apply and
the rollout made is gone, group instances terminated, Elastic IP released);
a second destroy has nothing to do and exits 0.  Prints TAP."""
import os, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e import AMI1, AMI2, CLICAMOS, all_ids, apply_args, load_state, main  # noqa: E402


def body(t, emu, cl, work):
    empty = all_ids(emu.control("/_emu/state"))
    r = cl(*apply_args(AMI1))
    t.ok(r.returncode == 0, "apply %s" % AMI1, r.out)
    r = cl(*apply_args(AMI2))
    t.ok(r.returncode == 0, "roll out %s" % AMI2, r.out)
    made = all_ids(emu.control("/_emu/state")) - empty
    t.ok(len(made) >= 25, "the emulator holds what they made (%d objects)" % len(made))

    r = cl("destroy", "-auto-approve", CLICAMOS)   # no -var ami: destroy never uses it
    t.ok(r.returncode == 0 and "Destroy complete! Resources: 25 destroyed." in r.stdout,
         "destroy succeeds: 25 destroyed", r.out)
    s = emu.control("/_emu/state")
    left = all_ids(s) - empty
    t.eq(sorted(left), [], "the emulator holds nothing of what was made")
    t.eq([i["instanceId"] for i in s["ec2"]["instances"] if i["instanceState"]["name"] != "terminated"], [],
         "every instance (NAT and group members) is terminated")
    t.eq((s["ec2"]["addresses"], s["elb"], s["autoscaling"]["groups"], s["autoscaling"]["launch_configurations"]),
         ([], [], [], []), "no Elastic IP, ELB, group or launch configuration is left")
    st = load_state(work)
    t.eq(st["resources"], [], "the state has no resources left")
    t.known_bug(st.get("outputs") == {}, "nor outputs",
                "destroy leaves the outputs in the state (clicamosc output still prints them)",
                str(st.get("outputs")))
    r = cl("state", "list")
    t.ok(r.returncode == 0 and r.stdout.strip() == "", "state list prints nothing", r.out)

    serial = st["serial"]
    r = cl("destroy", "-auto-approve", CLICAMOS)   # no -var ami: destroy never uses it
    t.ok(r.returncode == 0 and "Destroying..." not in r.out, "a second destroy exits 0 and destroys nothing", r.out)
    t.ok("0 destroyed" in r.stdout or "No changes" in r.stdout, "and says there was nothing to do", r.out)
    t.known_bug("Changes to Outputs" not in r.stdout and load_state(work)["serial"] == serial,
                "and has no output changes to show or save",
                "the second destroy plans the leftover outputs as '-> (known after apply)' changes", r.stdout)
    t.eq(sorted(all_ids(emu.control("/_emu/state")) - empty), [], "the emulator is still empty")


main(body, "destroy leaves nothing behind; destroy twice")
