import json
from app.main import create as make_handler

def lambda_handler(event, context):
    return {"statusCode": 200, "body": json.dumps(event)}

async def async_handler(event, context):
    return None

handler = make_handler()
wrapped: object = handler
first, (second, third) = 1, (2, 3)
[fourth, *rest] = [4, 5]
obj = object()
obj.attribute = 1
table = {}
table["key"] = 2
call_result = len("x")
f = lambda x=1: x
count = 0
count += 1
if count == 0:
    in_if = True
class Resource:
    inside_class = 1
def outer():
    inside_function = 1
