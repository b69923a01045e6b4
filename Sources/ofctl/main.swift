print("ofctl")
