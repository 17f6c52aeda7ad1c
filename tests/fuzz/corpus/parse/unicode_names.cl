a-b = 1
çé = "ü"
x = count.index-1
