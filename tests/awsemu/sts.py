"""STS in the emulator (query protocol, API 2011-06-15): GetCallerIdentity, which Terraform's
aws_caller_identity data source and provider start-up call. The caller is the IAM user the
access key belongs to; every key of the emulator belongs to the user "awsemu". No HTTP."""

from world import ACCOUNT

ACTIONS = {}
USER_ID = "AIDAEMULATORUSER00001"


def get_caller_identity(w, p, ctx):
    return {"UserId": USER_ID, "Account": ACCOUNT,
            "Arn": f"arn:aws:iam::{ACCOUNT}:user/awsemu"}


ACTIONS["GetCallerIdentity"] = get_caller_identity
