resource "aws_instance" "nat" {
  ami = "ami-123"
  instance_type = "t2.micro"
  user_data = <<EOF
#!/bin/sh
  echo    "keep   this"   
EOF
  source_dest_check = false
}
