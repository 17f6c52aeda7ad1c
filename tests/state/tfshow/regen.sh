#!/bin/sh
# regen.sh: remakes CASE/terraform.tfstate and CASE/terraform-show.json by
# running the oracle: terraform 1.11.4 with hashicorp/aws 5.100.0 from the
# filesystem mirror (CL_TF_MIRROR, default /opt/tf-plugins) against moto on
# 127.0.0.1.  Not a test (an apply takes minutes): test_show_json.sh compares
# clicamosc with what this wrote.  Usage: regen.sh CASE (a directory here
# holding main.tf, whose provider block points at http://127.0.0.1:45123).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
case=$here/$1
mirror=${CL_TF_MIRROR:-/opt/tf-plugins}
py=$(command -v python3)
"$py" -c 'import moto.server' 2> /dev/null || py=/root/.pyenv/shims/python3
work=$(mktemp -d)
"$py" -m moto.server -H 127.0.0.1 -p 45123 > "$work/moto.log" 2>&1 &
moto=$!
trap 'kill $moto; rm -rf "$work"' EXIT INT TERM
printf 'provider_installation {\n  filesystem_mirror {\n    path = "%s"\n  }\n}\n' "$mirror" > "$work/cli.tfrc"
export TF_CLI_CONFIG_FILE=$work/cli.tfrc
cp -r "$case"/. "$work/cfg"
rm -f "$work/cfg/terraform.tfstate" "$work/cfg/terraform-show.json"
cd "$work/cfg"
sleep 5
terraform init -input=false > /dev/null
terraform apply -auto-approve -input=false > /dev/null
[ ! -f taint ] || xargs -n1 terraform taint < taint > /dev/null
terraform show -json | "$py" -m json.tool > "$case/terraform-show.json"
cp terraform.tfstate "$case/terraform.tfstate"
