import json

def handler(event, context):
    return json.dumps({"a": [1, 2)
