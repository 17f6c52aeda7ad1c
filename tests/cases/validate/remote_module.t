args: validate
exit: 1
--- main.cl
module "net" {
  source = "github.com/fonsecas72/mod-network"
}
--- stderr
main.cl:2:12: error: module source "github.com/fonsecas72/mod-network" is not a local path
 2 |   source = "github.com/fonsecas72/mod-network"
   |            ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
  hint: clicamosc downloads nothing: vendor the module into a directory and use source = "./modules/..."
