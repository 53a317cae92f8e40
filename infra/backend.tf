# Remote state in an Azure storage container, authenticated with Entra ID (OIDC in CI). The values
# differ per environment, so they live in environments/<env>/backend.hcl (copy the .example file):
#   terraform init -backend-config=environments/dev/backend.hcl
# The state account is created once, outside this configuration (docs/architecture/07-deployment-view.md).
terraform {
  backend "azurerm" {
    use_azuread_auth = true
    use_oidc         = true
  }
}
