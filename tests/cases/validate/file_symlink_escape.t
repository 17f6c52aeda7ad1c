# file() through a symbolic link that leads out of the configuration: a
# warning naming where it really leads (users.txt is inside as written, so
# the user did not name /etc/passwd); a path written to lead outside, and a
# link that stays inside, are not reported.  Validation still succeeds.
args: validate
exit: 0
links: users.txt=/etc/passwd inside.txt=data/motd.txt
--- main.cl
output "users" {
  value = length(file("users.txt")) > 0
}

output "inside" {
  value = file("inside.txt")
}

output "named" {
  value = length(file("/etc/passwd")) > 0
}
--- data/motd.txt
hello
--- stdout
Success! The configuration is valid.
--- stderr
main.cl:2:18: warning: "users.txt" leads outside the configuration, to "/etc/passwd"
 2 |   value = length(file("users.txt")) > 0
   |                  ^~~~~~~~~~~~~~~~~
  hint: a symbolic link on the way points there; if that file is meant, name it by that path
