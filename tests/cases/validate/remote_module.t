# A remote module source before init: one error that names init (issue 15).
args: validate
exit: 1
--- main.cl
module "net" {
  source = "github.com/fonsecas72/mod-network"
}
--- stderr
main.cl:2:12: error: module "net" is not installed (source "github.com/fonsecas72/mod-network")
 2 |   source = "github.com/fonsecas72/mod-network"
   |            ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
  hint: run clicamosc init: it downloads remote modules into .clicamosc/modules (a .terraform/modules/modules.json that terraform init wrote is used as it is)
