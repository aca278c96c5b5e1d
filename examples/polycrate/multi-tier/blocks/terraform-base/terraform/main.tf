variable "region" {
  default = "eu-central-1"
}

resource "example_network" "app" {
  name = "app-network"
}

resource "example_kubernetes_cluster" "app" {
  name    = "app-cluster"
  network = example_network.app.name
}

output "network" {
  value = example_network.app.name
}
