#!/usr/bin/python3
"""test_schema.py: clicamosc's schema tables (executor/aws/*.c, as
build/tools/schemadump prints them) held to the real provider's schema
(hashicorp/aws 5.100.0, `terraform providers schema -json`), type by type:
attribute names, types, required/optional/computed, nested blocks and
schema_version.  The provider's schema is checked in as data
(data/aws-5.100.0-schema.json) so that this runs without terraform; with
terraform and the provider mirror, the data is checked against terraform's
own output too.  Every difference we keep on purpose is named below with
its reason; any other difference fails, and so does a named one that is no
longer there.  Regenerate the data: test_schema.py --regenerate."""
import json, os, subprocess, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tfenv

# Differences every SDK resource shows.
GENERIC = {
    "id": "the SDK marks every id Optional+Computed; it is never an argument, and clicamosc refuses it in "
          "configuration (Computed only)",
    "tags_all": "the SDK marks tags_all Optional only so that its diff customisation can set it; users cannot "
                "(Computed only)",
    "timeouts": "per-operation timeouts blocks are not supported: clicamosc's waits have their own bounds",
}

# Differences of one attribute or block (path: TYPE.NAME or TYPE.BLOCK.NAME).
KEPT = {
    "aws_vpc.cidr_block": "Required: IPv4 IPAM pools (ipv4_ipam_pool_id), which make it Optional+Computed, are "
                          "not supported",
    "aws_vpc.ipv6_cidr_block": "Computed only: IPv6 IPAM pools, which make it an argument, are not supported",
    "aws_subnet.cidr_block": "Required: IPv6-only subnets (ipv6_native), where it may be left out, are not "
                             "supported",
    "aws_subnet.ipv6_cidr_block": "Optional+Computed: changing a subnet's IPv6 association in place is not "
                                  "supported, so one that AWS assigned is kept rather than removed",
    "aws_instance.ami": "Required: launch templates, which make it Optional+Computed, are not supported",
    "aws_instance.instance_type": "Required: launch templates, which make it Optional+Computed, are not "
                                  "supported",
    "data.aws_ami.tags": "Computed only: filtering images by tags is not supported (filter blocks are)",
    "aws_autoscaling_group.drain_seconds": "clicamosc's own: how long a rollout waits after detaching the old "
                                          "group from its ELBs before deleting it",
    "aws_route_table.route.instance_id": "Terraform 0.11-era configurations (examples/terraform-style) route to "
                                         "a NAT instance by instance_id, which provider 5.x dropped; AWS "
                                         "accepts it (CreateRoute InstanceId)",
    # Written as blocks, recorded as the provider records them (a set of
    # objects): Terraform accepts these attributes in block syntax too.
    "aws_route_table.route": "a set-of-objects attribute, written in block syntax",
    "aws_security_group.ingress": "a set-of-objects attribute, written in block syntax",
    "aws_security_group.egress": "a set-of-objects attribute, written in block syntax",
}

# Data sources the provider no longer has, held to the one that replaced
# them; their differences are named in KEPT.
REPLACED = {"aws_subnet_ids": "aws_subnets"}
KEPT.update({
    "data.aws_vpc.cidr_block_associations": "a computed list of objects, written as a computed block",
    "data.aws_subnet_ids.vpc_id": "provider 3.x's required argument of the deprecated data source (aws_subnets "
                                  "filters by vpc-id instead)",
    "data.aws_subnet_ids.ids": "provider 3.x's set; aws_subnets made it a list",
})

# The listener attributes (DescribeListenerAttributes) that rename or add HTTP headers.
LISTENER_HEADERS = ("routing_http_request_x_amzn_mtls_clientcert_header_name "
                    "routing_http_request_x_amzn_mtls_clientcert_issuer_header_name "
                    "routing_http_request_x_amzn_mtls_clientcert_leaf_header_name "
                    "routing_http_request_x_amzn_mtls_clientcert_serial_number_header_name "
                    "routing_http_request_x_amzn_mtls_clientcert_subject_header_name "
                    "routing_http_request_x_amzn_mtls_clientcert_validity_header_name "
                    "routing_http_request_x_amzn_tls_cipher_suite_header_name "
                    "routing_http_request_x_amzn_tls_version_header_name "
                    "routing_http_response_access_control_allow_credentials_header_value "
                    "routing_http_response_access_control_allow_headers_header_value "
                    "routing_http_response_access_control_allow_methods_header_value "
                    "routing_http_response_access_control_allow_origin_header_value "
                    "routing_http_response_access_control_expose_headers_header_value "
                    "routing_http_response_access_control_max_age_header_value "
                    "routing_http_response_content_security_policy_header_value routing_http_response_server_enabled "
                    "routing_http_response_strict_transport_security_header_value "
                    "routing_http_response_x_content_type_options_header_value "
                    "routing_http_response_x_frame_options_header_value")

# Provider arguments and attributes clicamosc does not implement, by type.
# Each list is exact: one the provider adds or we implement shows up.
NOT_SUPPORTED = {
    "aws_vpc": ("IPAM pools, DHCP options, network address usage metrics",
                "dhcp_options_id enable_network_address_usage_metrics ipv4_ipam_pool_id ipv4_netmask_length "
                "ipv6_association_id ipv6_cidr_block_network_border_group ipv6_ipam_pool_id ipv6_netmask_length"),
    "aws_subnet": ("Outposts, customer-owned IPs, DNS64, IPv6-only subnets and resource-name DNS records",
                   "customer_owned_ipv4_pool enable_dns64 enable_lni_at_device_index "
                   "enable_resource_name_dns_a_record_on_launch enable_resource_name_dns_aaaa_record_on_launch "
                   "ipv6_cidr_block_association_id ipv6_native map_customer_owned_ip_on_launch outpost_arn "
                   "private_dns_hostname_type_on_launch"),
    "aws_instance": ("launch templates, spot/capacity options, CPU options, extra network interfaces and "
                     "block devices, metadata options, hibernation and IPv6 addressing",
                     "capacity_reservation_specification cpu_core_count cpu_options cpu_threads_per_core "
                     "credit_specification disable_api_stop ebs_block_device enable_primary_ipv6 enclave_options "
                     "ephemeral_block_device get_password_data hibernation host_id host_resource_group_arn "
                     "instance_initiated_shutdown_behavior instance_lifecycle instance_market_options "
                     "ipv6_address_count ipv6_addresses launch_template maintenance_options metadata_options "
                     "network_interface outpost_arn password_data placement_partition_number "
                     "private_dns_name_options secondary_private_ips spot_instance_request_id "
                     "user_data_replace_on_change"),
    "aws_instance.root_block_device": ("provisioned IOPS/throughput, KMS keys and volume tags on the root "
                                       "volume", "iops kms_key_id tags tags_all throughput"),
    "aws_eip": ("BYOIP and IPAM pools, customer-owned IPs, carrier IPs, reverse DNS records",
                "address arn carrier_ip customer_owned_ip customer_owned_ipv4_pool ipam_pool_id "
                "network_border_group ptr_record"),
    "aws_launch_configuration": ("ephemeral (instance store) devices and instance metadata options",
                                 "ephemeral_block_device metadata_options"),
    "aws_launch_configuration.ebs_block_device": ("gp3 throughput and suppressed devices", "no_device throughput"),
    "aws_launch_configuration.root_block_device": ("gp3 throughput", "throughput"),
    "aws_autoscaling_group": ("launch templates, mixed instances, warm pools, instance refresh, lifecycle hooks, "
                              "traffic sources and capacity rebalancing",
                              "availability_zone_distribution capacity_rebalance capacity_reservation_specification "
                              "context default_instance_warmup desired_capacity_type force_delete_warm_pool "
                              "ignore_failed_scaling_activities initial_lifecycle_hook instance_maintenance_policy "
                              "instance_refresh launch_template mixed_instances_policy predicted_capacity "
                              "traffic_source warm_pool warm_pool_size"),
    "aws_launch_template": ("capacity reservations, CPU options, accelerators, enclaves, hibernation, spot market "
                            "options, attribute-based instance requirements, licenses, maintenance and private DNS "
                            "name options",
                            "capacity_reservation_specification cpu_options elastic_gpu_specifications "
                            "elastic_inference_accelerator enclave_options hibernation_options instance_market_options "
                            "instance_requirements license_specification maintenance_options "
                            "private_dns_name_options"),
    "aws_launch_template.network_interfaces": ("explicit secondary addresses and prefixes, primary IPv6, "
                                               "connection tracking and ENA Express",
                                               "connection_tracking_specification ena_srd_specification "
                                               "ipv4_addresses ipv4_prefix_count ipv4_prefixes ipv6_addresses "
                                               "ipv6_prefix_count ipv6_prefixes primary_ipv6"),
    "aws_route_table": ("routes to carrier gateways, Cloud WAN, prefix lists, local gateways and VPC endpoints",
                        "route.carrier_gateway_id route.core_network_arn route.destination_prefix_list_id "
                        "route.local_gateway_id route.vpc_endpoint_id"),
    "data.aws_vpc": ("network address usage metrics", "enable_network_address_usage_metrics"),
    "data.aws_subnet": ("Outposts, customer-owned IPs, DNS64, IPv6-only subnets and resource-name DNS records",
                        "customer_owned_ipv4_pool enable_dns64 enable_lni_at_device_index "
                        "enable_resource_name_dns_a_record_on_launch enable_resource_name_dns_aaaa_record_on_launch "
                        "ipv6_native map_customer_owned_ip_on_launch outpost_arn private_dns_hostname_type_on_launch"),
    "data.aws_ami": ("attributes of images that clicamosc does not read",
                "block_device_mappings boot_mode deprecation_time ena_support hypervisor image_location "
                "image_owner_alias imds_support kernel_id last_launched_time platform platform_details "
                "product_codes public ramdisk_id root_snapshot_id sriov_net_support state_reason tpm_support "
                "uefi_data usage_operation"),
    "aws_lb": ("connection logs, Outposts, PrivateLink security-group enforcement, IPAM pools, capacity reservations "
               "and subnet mappings (Elastic IPs for Network Load Balancers)",
               "connection_logs customer_owned_ipv4_pool enforce_security_group_inbound_rules_on_private_link_traffic "
               "ipam_pools minimum_load_balancer_capacity subnet_mapping"),
    "aws_lb_listener": ("mutual TLS, the listener attributes that rename or add HTTP headers, and the TCP idle timeout",
                        "mutual_authentication tcp_idle_timeout_seconds " + LISTENER_HEADERS),
    "aws_lb_listener.default_action": ("authentication by Cognito or OIDC", "authenticate_cognito authenticate_oidc"),
    "aws_lb_listener_rule.action": ("authentication by Cognito or OIDC", "authenticate_cognito authenticate_oidc"),
    "aws_lb_target_group": ("target failover (Gateway Load Balancers), DNS failover and unhealthy-state routing, "
                            "unhealthy connection termination",
                            "target_failover target_group_health target_health_state"),
    # issue 18, IAM/CloudWatch/scaling (iam18)
    "aws_iam_role": ("the role's own exclusive lists of policies, deprecated in provider 5.x for "
                     "aws_iam_role_policy and aws_iam_role_policy_attachment", "inline_policy managed_policy_arns"),
    "aws_cloudwatch_metric_alarm": ("alarms on metric math expressions", "metric_query"),
    "aws_autoscaling_policy": ("predictive scaling", "predictive_scaling_configuration"),
    "aws_autoscaling_policy.target_tracking_configuration": ("customized target-tracking metrics",
                                                             "customized_metric_specification"),
}


# The types every argument of which an interop configuration must set (the
# 12 resource types and 2 data sources of issue 13).  The types added
# since are not held to it yet: the arguments no configuration sets are
# counted in a visible SKIP naming the types.
COVERED = {"aws_vpc", "aws_subnet", "aws_internet_gateway", "aws_route_table", "aws_route_table_association",
           "aws_security_group", "aws_instance", "aws_eip", "aws_key_pair", "aws_elb", "aws_launch_configuration",
           "aws_autoscaling_group", "data.aws_ami", "data.aws_availability_zones"}

# Arguments of ours that no interop configuration (test_interop.py: the
# reference system and configs/*) sets, each with the reason.  Every other
# argument and block must be set by one of them; an entry that one sets
# fails as stale.
UNEXERCISED = {
    "aws_autoscaling_group.drain_seconds": "clicamosc's own (KEPT): the provider refuses it",
    "aws_route_table.route.instance_id": "provider 5.x dropped it (KEPT); tests/moto runs it with clicamosc "
                                         "in examples/terraform-style, which the reference system here turns "
                                         "into network_interface_id",
    "aws_autoscaling_group.max_instance_lifetime": "moto 5.2.1 does not keep it: Terraform plans a change "
                                                   "after its own apply",
    "aws_elb.connection_draining_timeout": "moto 5.2.1 does not keep it: Terraform plans a change after its "
                                           "own apply",
    "aws_elb.desync_mitigation_mode": "moto 5.2.1 does not keep it: Terraform plans a change after its own "
                                      "apply",
    "aws_launch_configuration.placement_tenancy": "moto 5.2.1 does not keep it: Terraform plans a change after "
                                                  "its own apply",
    "aws_eip.public_ipv4_pool": "moto 5.2.1 reports no publicIpv4Pool, so the provider reads \"\" and plans "
                                "a replacement (AWS reports \"amazon\")",
    "aws_instance.placement_group": "moto 5.2.1 has no placement groups (no CreatePlacementGroup; RunInstances "
                                    "drops Placement.GroupName), so Terraform plans a replacement after its "
                                    "own apply",
    "aws_route_table.propagating_vgws": "moto 5.2.1 has no EnableVgwRoutePropagation",
    "aws_subnet.ipv6_cidr_block": "moto 5.2.1 never reports the association \"associated\"; the provider "
                                  "waits 3 minutes for it and fails",
}


def flags(a):
    return "+".join(k for k in ("required", "optional", "computed") if a.get(k)) or "none"


def our_flags(a, block_computed=None):
    if block_computed is not None:   # one of our blocks standing for a provider attribute
        return "optional+computed" if block_computed else "optional"
    return flags(a)


def block_as_type(b):
    """Our block's value type, as the provider writes an attribute's."""
    attrs = {n: a["type"] for n, a in b["block"].get("attributes", {}).items()}
    return [b["nesting_mode"], ["object", attrs]]


def compare(path, prov, ours, diffs):
    """Differences between two schema blocks, as {key: text}; key is the
    path of the attribute or block ("aws_vpc.cidr_block")."""
    pa, oa = prov.get("attributes", {}), ours.get("attributes", {})
    pb, ob = prov.get("block_types", {}), ours.get("block_types", {})
    missing = []
    for name, a in sorted(pa.items()):
        key = path + name
        if name in oa:
            o = oa[name]
            if o["type"] != a["type"]:
                diffs[key] = "type %s, the provider's %s" % (json.dumps(o["type"]), json.dumps(a["type"]))
            elif flags(o) != flags(a):
                diffs[key] = "%s, the provider's %s" % (flags(o), flags(a))
        elif name in ob:
            b = ob[name]
            want = a["type"]
            got = block_as_type(b)
            if want[1][0] != "object":
                diffs[key] = "a block, the provider's %s" % json.dumps(want)
                continue
            # the block's element attributes against the object's, by name and type
            for n, t in sorted(want[1][1].items()):
                if n not in got[1][1]:
                    missing.append(name + "." + n)
                elif got[1][1][n] != t:
                    diffs[key + "." + n] = "type %s, the provider's %s" % (json.dumps(got[1][1][n]), json.dumps(t))
            for n in sorted(set(got[1][1]) - set(want[1][1])):
                diffs[key + "." + n] = "ours only"
            if want[0] != got[0] or our_flags(None, b.get("clicamosc_computed", False)) != flags(a):
                diffs[key] = "a %s block (%s), the provider's %s attribute of %s" % (
                    b["nesting_mode"], our_flags(None, b.get("clicamosc_computed", False)), flags(a), want[0])
            else:
                diffs[key] = "a block, the provider's attribute"
        else:
            missing.append(name)
    for name, b in sorted(pb.items()):
        key = path + name
        if name not in ob:
            missing.append(name)
            continue
        o = ob[name]
        for k in ("nesting_mode", "min_items", "max_items"):
            if o.get(k) != b.get(k):
                diffs[key + ":" + k] = "%s %s, the provider's %s" % (k, o.get(k), b.get(k))
        compare(key + ".", b["block"], o["block"], diffs)
    for name in sorted(set(oa) | set(ob)):
        if name not in pa and name not in pb:
            diffs[path + name] = "ours only"
    if missing:
        diffs[path.rstrip(".") + ":missing"] = " ".join(sorted(missing))


def depth(key):
    """How deep key lies below its type (0: the type itself)."""
    return key.count(".") - (1 if key.startswith("data.") else 0)


def explained(key, text):
    """The reason a difference is kept, or None."""
    name = key.split(":")[0]
    if name in KEPT:
        return KEPT[name]
    last = name.split(".")[-1]
    if last in GENERIC and depth(name) == 1:
        return GENERIC[last]
    return None


def main():
    t = tfenv.TAP()
    if "--regenerate" in sys.argv:
        return regenerate()
    dump = os.path.join(tfenv.TOP, "build", "tools", "schemadump")
    p = subprocess.run([dump], stdout=subprocess.PIPE, text=True)
    if not t.ok(p.returncode == 0, "schemadump prints clicamosc's tables", p.stdout):
        t.done()
    ours = json.loads(p.stdout)
    with open(tfenv.SCHEMA_DATA) as f:
        prov = json.load(f)
    used = set()
    for kind in ("resource_schemas", "data_source_schemas"):
        for name in sorted(ours[kind]):
            theirs = REPLACED.get(name, name) if kind == "data_source_schemas" else name
            if not t.ok(theirs in prov[kind], "%s is in the provider's schema data%s" % (
                    name, " (as %s, which replaced it)" % theirs if theirs != name else "")):
                continue
            o, pv = ours[kind][name], prov[kind][theirs]
            t.ok(o["version"] == pv["version"], "%s: schema_version %d, the provider's %d"
                 % (name, o["version"], pv["version"]))
            diffs = {}
            # data sources are named data.NAME here: a data source and a
            # resource may share a name (aws_vpc)
            path = ("data." if kind == "data_source_schemas" else "") + name
            compare(path + ".", pv["block"], o["block"], diffs)
            bad = []
            for key, text in sorted(diffs.items()):
                if key.endswith(":missing"):
                    where = key[:-len(":missing")]
                    names = text.split()
                    generic = [n for n in names if n in GENERIC and depth(where) == 0]
                    rest = sorted(set(names) - set(generic))
                    want = sorted(NOT_SUPPORTED.get(where, ("", ""))[1].split())
                    used.add(where)
                    if rest != want:
                        bad.append("%s: the provider has %s; NOT_SUPPORTED names %s (not in clicamosc: %s; "
                                   "named but not missing: %s)" % (where, " ".join(rest), " ".join(want),
                                   " ".join(sorted(set(rest) - set(want))) or "-",
                                   " ".join(sorted(set(want) - set(rest))) or "-"))
                    continue
                why = explained(key, text)
                if why:
                    used.add(key.split(":")[0])
                else:
                    bad.append("%s: %s" % (key, text))
            t.ok(not bad, "%s: attributes, types, required/optional/computed and blocks agree with provider %s%s"
                 % (path, tfenv.PROVIDER_VERSION, " (named differences kept)" if any(
                     k.startswith(path + ".") or k == path for k in used) else ""), "\n".join(bad))
    stale = sorted(k for k in list(KEPT) + list(NOT_SUPPORTED) if k not in used)
    t.ok(not stale, "every difference named in this test is still there", "\n".join(stale))
    check_coverage(t, ours)
    check_data(t)
    t.done()


def arguments(prefix, block):
    """Every argument and block of a schema block, as paths."""
    out = []
    for n, a in block.get("attributes", {}).items():
        if a.get("required") or a.get("optional"):
            out.append(prefix + n)
    for n, b in block.get("block_types", {}).items():
        out += [prefix + n] + arguments(prefix + n + ".", b["block"])
    return out


def check_coverage(t, ours):
    """Every argument of ours is set by an interop configuration, or named
    in UNEXERCISED with its reason."""
    import configscan, tempfile, test_interop
    work = tempfile.mkdtemp(prefix="cl-tfcover.")
    try:
        test_interop.reference(os.path.join(work, "reference"))
        found = configscan.scan_dir(os.path.join(work, "reference"))
    except (RuntimeError, ValueError) as e:
        t.ok(False, "the reference system's arguments are read", e)
        return
    finally:
        subprocess.run(["rm", "-rf", work])
    configs = os.path.join(os.path.dirname(os.path.abspath(__file__)), "configs")
    for d in sorted(os.listdir(configs)):
        found |= configscan.scan_dir(os.path.join(configs, d))
    missing, stale, later = [], [], []
    for kind, pre in (("resource_schemas", ""), ("data_source_schemas", "data.")):
        for name, s in sorted(ours[kind].items()):
            args = arguments(pre + name + ".", s["block"])
            if pre + name not in COVERED:
                later += [a for a in args if a not in found and a not in UNEXERCISED]
                continue
            for arg in args:
                if arg in found and arg in UNEXERCISED:
                    stale.append(arg)
                elif arg not in found and arg not in UNEXERCISED:
                    missing.append(arg)
    t.ok(not missing, "every argument of issue 13's types is set by an interop configuration "
         "(%d named as not exercisable against moto)" % len(UNEXERCISED), "\n".join(missing))
    t.ok(not stale, "every argument named as not exercised is still not set by one", "\n".join(stale))
    if later:
        types = sorted({a.split(".")[0] if not a.startswith("data.") else ".".join(a.split(".")[:2])
                        for a in later})
        t.skip("every argument of the types added since is set by an interop configuration",
               "%d arguments of %s are not set by one yet" % (len(later), " ".join(types)))


def check_data(t):
    """With terraform and the mirror: the checked-in data is what terraform
    prints for the provider now."""
    mirror = tfenv.mirror()
    if not tfenv.terraform() or not mirror:
        t.skip("the checked-in provider schema is terraform's", "terraform or the hashicorp/aws %s mirror is "
               "absent (set CL_TF_MIRROR)" % tfenv.PROVIDER_VERSION)
        return
    with open(tfenv.SCHEMA_DATA) as f:
        data = json.load(f)
    work = tfenv.scratch("cl-tfschema.")
    try:
        now = tfenv.provider_schema(work, mirror, sorted(data["resource_schemas"]), sorted(data["data_source_schemas"]))
    except RuntimeError as e:
        t.ok(False, "terraform providers schema -json", e)
        return
    finally:
        subprocess.run(["rm", "-rf", work])
    now["terraform"] = data["terraform"]   # any terraform prints the provider's schema
    t.ok(now == data, "the checked-in provider schema is what terraform prints for hashicorp/aws %s"
         % tfenv.PROVIDER_VERSION, "regenerate it: tests/terraform/test_schema.py --regenerate")


def regenerate():
    mirror = tfenv.mirror()
    if not tfenv.terraform() or not mirror:
        sys.exit("test_schema.py --regenerate: needs terraform and the provider mirror")
    # The types of issue 18 are all listed at once, so that whoever
    # regenerates first writes the data the others would write too.
    resources = ["aws_vpc", "aws_subnet", "aws_internet_gateway", "aws_route_table", "aws_route_table_association",
                 "aws_security_group", "aws_instance", "aws_eip", "aws_key_pair", "aws_elb",
                 "aws_launch_configuration", "aws_autoscaling_group",
                 "aws_launch_template", "aws_lb", "aws_lb_target_group", "aws_lb_listener", "aws_lb_listener_rule",
                 "aws_lb_target_group_attachment", "aws_nat_gateway", "aws_route", "aws_security_group_rule",
                 "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule",
                 "aws_autoscaling_policy", "aws_autoscaling_schedule", "aws_cloudwatch_metric_alarm",
                 "aws_iam_role", "aws_iam_instance_profile", "aws_iam_role_policy", "aws_iam_role_policy_attachment"]
    # (aws_subnet_ids is not there: provider 5.x removed it for aws_subnets.)
    data_sources = ["aws_ami", "aws_availability_zones", "aws_vpc", "aws_subnets", "aws_subnet",
                    "aws_security_group", "aws_caller_identity", "aws_region", "aws_iam_policy_document"]
    work = tfenv.scratch("cl-tfschema.")
    try:
        data = tfenv.provider_schema(work, mirror, resources, data_sources)
    finally:
        subprocess.run(["rm", "-rf", work])
    with open(tfenv.SCHEMA_DATA, "w") as f:
        json.dump(data, f, indent=1, sort_keys=True)
        f.write("\n")
    print("wrote", tfenv.SCHEMA_DATA)


if __name__ == "__main__":
    main()
