#!/usr/bin/env python3
"""Writes AWS CLI outputs for the LambdaPlatform tests into Fixtures/aws/.

    python3 Fixtures/aws/make_aws_fixtures.py

Each file has the exact shape `aws lambda <command> --output json` prints, with field
names as in the Lambda API reference (and botocore's service model). Values are made up
(account 123456789012); `Content.CodeSha256` is the real base64 SHA-256 of the fixture
ZIP the metadata describes, so that matching by digest can be tested.
"""
import base64
import hashlib
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
ZIPS = os.path.join(os.path.dirname(HERE), "zip")
ACCOUNT = "123456789012"
REGION = "eu-west-1"


def code_sha256(name):
    with open(os.path.join(ZIPS, name), "rb") as handle:
        return base64.b64encode(hashlib.sha256(handle.read()).digest()).decode()


def size(name):
    return os.path.getsize(os.path.join(ZIPS, name))


def layer_arn(name, version=None):
    arn = f"arn:aws:lambda:{REGION}:{ACCOUNT}:layer:{name}"
    return arn if version is None else f"{arn}:{version}"


FUNCTION = {
    "FunctionName": "orders-api",
    "FunctionArn": f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:orders-api",
    "Runtime": "python3.11",
    "Role": f"arn:aws:iam::{ACCOUNT}:role/orders-api-role",
    "Handler": "app.handler",
    "CodeSize": 2841,
    "Description": "",
    "Timeout": 30,
    "MemorySize": 512,
    "LastModified": "2026-11-20T09:12:44.000+0000",
    "CodeSha256": "b3JkZXJzLWFwaS1kZXBsb3ltZW50LXBhY2thZ2U=",
    "Version": "$LATEST",
    "Environment": {"Variables": {"LOG_LEVEL": "INFO", "PYTHONPATH": "/opt/custom"}},
    "TracingConfig": {"Mode": "PassThrough"},
    "RevisionId": "5f1e2d3c-0000-4000-8000-000000000001",
    "Layers": [
        {"Arn": layer_arn("requests", 3), "CodeSize": size("infozip-requests-layer.zip")},
        {"Arn": layer_arn("tools", 7), "CodeSize": size("python-methods.zip")},
    ],
    "State": "Active",
    "LastUpdateStatus": "Successful",
    "PackageType": "Zip",
    "Architectures": ["arm64"],
    "EphemeralStorage": {"Size": 512},
    "SnapStart": {"ApplyOn": "None", "OptimizationStatus": "Off"},
    "RuntimeVersionConfig": {"RuntimeVersionArn": f"arn:aws:lambda:{REGION}::runtime:0123456789abcdef"},
    "LoggingConfig": {"LogFormat": "Text", "LogGroup": "/aws/lambda/orders-api"},
}


def layer_version(name, version, zip_name, runtimes, architectures):
    return {
        "Content": {
            "Location": f"https://awslambda-{REGION}-layers.s3.{REGION}.amazonaws.com/snapshots/{ACCOUNT}/{name}",
            "CodeSha256": code_sha256(zip_name),
            "CodeSize": size(zip_name),
        },
        "LayerArn": layer_arn(name),
        "LayerVersionArn": layer_arn(name, version),
        "Description": f"{name} for Python",
        "CreatedDate": "2026-11-18T14:03:27.118+0000",
        "Version": version,
        "CompatibleRuntimes": runtimes,
        "LicenseInfo": "Apache-2.0",
        "CompatibleArchitectures": architectures,
    }


def write(name, value):
    with open(os.path.join(HERE, name), "w", encoding="utf-8") as handle:
        if isinstance(value, str):
            handle.write(value)
        else:
            json.dump(value, handle, indent=4)
            handle.write("\n")


def main():
    write("get-function-configuration.json", FUNCTION)
    write("get-function.json", {
        "Configuration": FUNCTION,
        "Code": {"RepositoryType": "S3", "Location": "https://awslambda-eu-west-1-tasks.s3.amazonaws.com/snapshots/x"},
        "Tags": {"team": "orders"},
    })
    image = {k: v for k, v in FUNCTION.items() if k not in ("Runtime", "Handler", "Layers")}
    image.update({"FunctionName": "orders-image", "PackageType": "Image",
                  "ImageConfigResponse": {"ImageConfig": {"Command": ["app.handler"]}}})
    write("get-function-configuration-image.json", image)
    write("get-layer-version.json",
          layer_version("requests", 3, "infozip-requests-layer.zip", ["python3.11", "python3.12"], ["x86_64"]))
    write("publish-layer-version.json",
          layer_version("tools", 7, "python-methods.zip", ["python3.11"], ["x86_64", "arm64"]))
    stale = layer_version("requests", 2, "python-modes.zip", ["python3.10"], ["x86_64"])
    write("get-layer-version-stale.json", stale)
    item = layer_version("tools", 7, "python-methods.zip", ["python3.11"], ["arm64"])
    del item["Content"]
    write("list-layer-versions-item.json", item)
    bad = dict(layer_version("tools", 8, "python-methods.zip", ["python3.11"], ["x86_64"]))
    bad["CompatibleArchitectures"] = ["sparc"]
    write("layer-unknown-architecture.json", bad)
    write("malformed.json", '{"FunctionName": "orders-api", "Runtime": "python3.11",\n')
    write("not-lambda.json", {"Buckets": [{"Name": "my-bucket"}]})


if __name__ == "__main__":
    main()
