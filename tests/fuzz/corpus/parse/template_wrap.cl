a = "${var.x}"
b = "${1}"
c = "${"nested ${x}"}"
