import os
message = "unterminated
