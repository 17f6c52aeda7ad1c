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
    "aws_ami.tags": "Computed only: filtering images by tags is not supported (filter blocks are)",
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
    "aws_route_table": ("routes to carrier gateways, Cloud WAN, prefix lists, local gateways and VPC endpoints",
                        "route.carrier_gateway_id route.core_network_arn route.destination_prefix_list_id "
                        "route.local_gateway_id route.vpc_endpoint_id"),
    "aws_ami": ("attributes of images that clicamosc does not read",
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


def explained(key, text):
    """The reason a difference is kept, or None."""
    name = key.split(":")[0]
    if name in KEPT:
        return KEPT[name]
    last = name.split(".")[-1]
    if last in GENERIC and name.count(".") == 1:
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
            if not t.ok(name in prov[kind], "%s is in the provider's schema data" % name):
                continue
            o, pv = ours[kind][name], prov[kind][name]
            t.ok(o["version"] == pv["version"], "%s: schema_version %d, the provider's %d"
                 % (name, o["version"], pv["version"]))
            diffs = {}
            compare(name + ".", pv["block"], o["block"], diffs)
            bad = []
            for key, text in sorted(diffs.items()):
                if key.endswith(":missing"):
                    where = key[:-len(":missing")]
                    names = text.split()
                    generic = [n for n in names if n in GENERIC and where.count(".") == 0]
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
                 % (name, tfenv.PROVIDER_VERSION, " (named differences kept)" if any(
                     k.startswith(name + ".") for k in used) else ""), "\n".join(bad))
    stale = sorted(k for k in list(KEPT) + list(NOT_SUPPORTED) if k not in used)
    t.ok(not stale, "every difference named in this test is still there", "\n".join(stale))
    check_data(t)
    t.done()


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
