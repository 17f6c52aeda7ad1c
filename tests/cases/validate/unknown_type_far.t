# A type nowhere near a known one: the hint lists what the provider table
# holds (resource types for a resource, data sources for a data block).
args: validate
exit: 1
--- main.cl
resource "gcp_bucket" "a" {
  name = "x"
}

data "gcp_image" "i" {
}
--- stderr
main.cl:1:10: error: no resource type "gcp_bucket"
 1 | resource "gcp_bucket" "a" {
   |          ^~~~~~~~~~~~
  hint: clicamosc knows the resource types aws_vpc, aws_subnet, aws_internet_gateway, aws_route_table, aws_route_table_association, ...
main.cl:5:6: error: no data source type "gcp_image"
 5 | data "gcp_image" "i" {
   |      ^~~~~~~~~~~
  hint: clicamosc knows the data source types aws_ami, aws_availability_zones, aws_vpc, aws_subnet, aws_subnets, ...
