"""Invokes the running deployer with Debian's python3-boto3, unchanged, and prints one JSON line per case.

Usage: /usr/bin/python3 boto3_invoke.py '<json>' with endpoint_url, endpoint_name, model, body and keys
(name -> [access key id, secret]); the caller (SigV4InvocationTest) checks the results.
"""
import datetime
import json
import sys

import boto3
import botocore.auth
import botocore.exceptions
from botocore import UNSIGNED
from botocore.config import Config

args = json.loads(sys.argv[1])
keys = args["keys"]


def client(key, secret=None, token=None, signed=True):
    key_id, key_secret = keys[key] if key in keys else (key, "no-such-secret")
    config = Config(retries={"max_attempts": 1}, **({} if signed else {"signature_version": UNSIGNED}))
    return boto3.client("sagemaker-runtime", region_name="us-east-1", endpoint_url=args["endpoint_url"],
                        aws_access_key_id=key_id, aws_secret_access_key=secret or key_secret,
                        aws_session_token=token, config=config)


def run(case, c, tamper=None, model=None):
    if tamper is not None:
        c.meta.events.register("before-send.sagemaker-runtime.InvokeEndpoint", tamper)
    try:
        r = c.invoke_endpoint(EndpointName=args["endpoint_name"], TargetModel=model or args["model"],
                              ContentType="text/csv", Accept="text/csv", Body=args["body"].encode())
        out = {"case": case, "ok": True, "body": r["Body"].read().decode()}
    except botocore.exceptions.ClientError as e:
        out = {"case": case, "ok": False, "code": e.response["Error"]["Code"],
               "status": e.response["ResponseMetadata"]["HTTPStatusCode"],
               "message": e.response["Error"].get("Message", "")}
    print(json.dumps(out), flush=True)


def tamper_body(request, **kwargs):
    body = request.body if isinstance(request.body, bytes) else request.body.encode()
    changed = bytearray(body)
    i = next(i for i, c in enumerate(changed) if 48 <= c <= 57)
    changed[i] = 48 + (changed[i] - 48 + 1) % 10  # one digit changed: same length, Content-Length still matches
    request.body = bytes(changed)


def tamper_target_model(request, **kwargs):
    request.headers["X-Amzn-SageMaker-Target-Model"] = "someone-elses-model"


class _Stale(datetime.datetime):
    @classmethod
    def utcnow(cls):
        return datetime.datetime.utcnow() - datetime.timedelta(minutes=16)


_timedelta = datetime.timedelta


class _StaleModule:
    datetime = _Stale
    timedelta = _timedelta


run("valid", client("invoker"))
run("operator", client("operator"))
run("wrong-secret", client("invoker", secret="not/the/secret/at/all/0123456789abcdefgh"))
run("tampered-body", client("invoker"), tamper=tamper_body)
run("tampered-signed-header", client("invoker"), tamper=tamper_target_model)
run("missing-signature", client("invoker", signed=False))
run("unknown-key", client("TLAKNOSUCHKEY23456"))
run("revoked-key", client("revoked"))
run("session-token", client("invoker", token="FwoGZXIvYXdzEXAMPLESESSIONTOKEN"))
run("viewer-only", client("viewer"))
real_datetime = botocore.auth.datetime
botocore.auth.datetime = _StaleModule
try:
    run("stale-date", client("invoker"))
finally:
    botocore.auth.datetime = real_datetime
