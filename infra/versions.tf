# Provider floor: azurerm 4.x with the Flex Consumption resource, `always_ready` and Key Vault's
# `rbac_authorization_enabled` (which replaces `enable_rbac_authorization` before 5.0). See docs/adr/0013.
terraform {
  required_version = ">= 1.9.0"

  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = ">= 4.40.0, < 5.0.0"
    }
    azuread = {
      source  = "hashicorp/azuread"
      version = ">= 3.0.0, < 4.0.0"
    }
    random = {
      source  = "hashicorp/random"
      version = ">= 3.6.0, < 4.0.0"
    }
  }
}

provider "azurerm" {
  # Shared keys are disabled on every storage account, so the provider itself uses Entra ID for the
  # data plane (containers).
  storage_use_azuread = true

  features {
    key_vault {
      purge_soft_delete_on_destroy = false
    }
    resource_group {
      prevent_deletion_if_contains_resources = true
    }
  }
}

provider "azuread" {}
