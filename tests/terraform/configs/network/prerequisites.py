"""prerequisites.py: what configs/network routes to but no type of
clicamosc's makes, made in moto with botocore before either apply: a VPC
with IPv6, a peer VPC and the peering between them, an egress-only
internet gateway, a NAT gateway and a transit gateway.  make() returns
the configuration's variables."""


def make(client):
    ec2 = client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.50.0.0/16", AmazonProvidedIpv6CidrBlock=True)["Vpc"]["VpcId"]
    peer = ec2.create_vpc(CidrBlock="10.51.0.0/16")["Vpc"]["VpcId"]
    pcx = ec2.create_vpc_peering_connection(VpcId=vpc, PeerVpcId=peer)["VpcPeeringConnection"]
    ec2.accept_vpc_peering_connection(VpcPeeringConnectionId=pcx["VpcPeeringConnectionId"])
    eigw = ec2.create_egress_only_internet_gateway(VpcId=vpc)["EgressOnlyInternetGateway"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.50.9.0/24")["Subnet"]["SubnetId"]
    eip = ec2.allocate_address(Domain="vpc")["AllocationId"]
    nat = ec2.create_nat_gateway(SubnetId=subnet, AllocationId=eip)["NatGateway"]["NatGatewayId"]
    tgw = ec2.create_transit_gateway(Description="interop")["TransitGateway"]["TransitGatewayId"]
    ec2.create_transit_gateway_vpc_attachment(TransitGatewayId=tgw, VpcId=vpc, SubnetIds=[subnet])
    return {"vpc": vpc, "peering": pcx["VpcPeeringConnectionId"],
            "egress_only_gateway": eigw["EgressOnlyInternetGatewayId"], "nat_gateway": nat,
            "transit_gateway": tgw}
