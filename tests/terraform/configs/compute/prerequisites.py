"""prerequisites.py: what configs/compute refers to but no type of
clicamosc's makes, made in moto with botocore before either apply: an IAM
instance profile, a managed prefix list and an EBS snapshot.  make()
returns the configuration's variables."""


def make(client):
    iam, ec2 = client("iam"), client("ec2")
    iam.create_role(RoleName="interop-web", AssumeRolePolicyDocument=(
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},'
        '"Action":"sts:AssumeRole"}]}'))
    iam.create_instance_profile(InstanceProfileName="interop-web")
    iam.add_role_to_instance_profile(InstanceProfileName="interop-web", RoleName="interop-web")
    pl = ec2.create_managed_prefix_list(PrefixListName="interop-office", AddressFamily="IPv4", MaxEntries=2,
                                        Entries=[{"Cidr": "198.51.100.0/24"}])
    vol = ec2.create_volume(AvailabilityZone="us-east-1a", Size=10)
    snap = ec2.create_snapshot(VolumeId=vol["VolumeId"])
    return {"instance_profile": "interop-web", "snapshot": snap["SnapshotId"],
            "prefix_list": pl["PrefixList"]["PrefixListId"]}
