# The promotion API's Entra ID application: bearer tokens for it carry the app roles that the
# promotion handlers require (issue #8). Assign people or groups with the two principal-id variables.
resource "random_uuid" "role_request" {}
resource "random_uuid" "role_approve" {}

locals {
  promotion_api_audience = "api://${azuread_application.promotion_api.client_id}"
}

resource "azuread_application" "promotion_api" {
  display_name     = "ml-orchestrator-${var.environment}-promotion-api"
  sign_in_audience = "AzureADMyOrg"
  tags             = ["ml-orchestrator", var.environment]

  api {
    requested_access_token_version = 2
  }

  app_role {
    id                   = random_uuid.role_request.result
    value                = "Promotion.Request"
    display_name         = "Request promotions"
    description          = "Start, cancel and read promotions and rollbacks."
    allowed_member_types = ["User", "Application"]
    enabled              = true
  }

  app_role {
    id                   = random_uuid.role_approve.result
    value                = "Promotion.Approve"
    display_name         = "Approve promotions"
    description          = "Approve or reject promotions requested by someone else."
    allowed_member_types = ["User", "Application"]
    enabled              = true
  }
}

resource "azuread_application_identifier_uri" "promotion_api" {
  application_id = azuread_application.promotion_api.id
  identifier_uri = local.promotion_api_audience
}

resource "azuread_service_principal" "promotion_api" {
  client_id                    = azuread_application.promotion_api.client_id
  app_role_assignment_required = false
  tags                         = ["ml-orchestrator", var.environment]
}

resource "azuread_app_role_assignment" "requesters" {
  for_each = toset(var.promotion_requester_principal_ids)

  app_role_id         = random_uuid.role_request.result
  principal_object_id = each.value
  resource_object_id  = azuread_service_principal.promotion_api.object_id
}

resource "azuread_app_role_assignment" "approvers" {
  for_each = toset(var.promotion_approver_principal_ids)

  app_role_id         = random_uuid.role_approve.result
  principal_object_id = each.value
  resource_object_id  = azuread_service_principal.promotion_api.object_id
}
