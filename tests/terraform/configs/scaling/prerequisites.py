"""prerequisites.py: what configs/scaling refers to but no type of
clicamosc's makes, made in moto with botocore before either apply: an S3
bucket for access logs, an IAM server certificate for the HTTPS listener
(self-signed, made with openssl), an ALB target group in the default VPC
and Auto Scaling's service-linked role.  make() returns the
configuration's variables (and the account's id)."""
import os, subprocess, tempfile


def certificate():
    """A self-signed certificate and its key (PEM)."""
    with tempfile.TemporaryDirectory() as d:
        key, crt = os.path.join(d, "key.pem"), os.path.join(d, "crt.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30",
                        "-subj", "/CN=interop.example.com", "-keyout", key, "-out", crt],
                       check=True, capture_output=True)
        return open(crt).read(), open(key).read()


def make(client):
    s3, iam, ec2, elbv2 = client("s3"), client("iam"), client("ec2"), client("elbv2")
    s3.create_bucket(Bucket="interop-elb-logs")
    body, key = certificate()
    cert = iam.upload_server_certificate(ServerCertificateName="interop-secure", CertificateBody=body,
                                         PrivateKey=key)
    vpc = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
    tg = elbv2.create_target_group(Name="interop-api", Protocol="HTTP", Port=8080, VpcId=vpc)
    role = iam.create_service_linked_role(AWSServiceName="autoscaling.amazonaws.com")
    account = client("sts").get_caller_identity()["Account"]
    return {"account": account, "certificate": cert["ServerCertificateMetadata"]["Arn"],
            "target_group": tg["TargetGroups"][0]["TargetGroupArn"],
            "service_linked_role": role["Role"]["Arn"]}
