from handlers.all import *
