variable "environment" {
  description = "Environment this state describes. Also the APP_ENVIRONMENT setting of the app."
  type        = string

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "environment must be one of dev, staging, prod."
  }
}

variable "location" {
  description = "Azure region with Flex Consumption available, e.g. westeurope."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9]+$", var.location))
    error_message = "location must be a region name such as westeurope (lower case, no spaces)."
  }
}

variable "name_prefix" {
  description = "Short prefix for every resource name; lower-case letters and digits, 3 to 11 characters."
  type        = string
  default     = "mlorch"

  validation {
    condition     = can(regex("^[a-z][a-z0-9]{2,10}$", var.name_prefix))
    error_message = "name_prefix must be 3-11 lower-case letters or digits, starting with a letter (storage account names are short)."
  }
}

variable "tags" {
  description = "Extra tags merged over the standard ones (environment, application, managed-by)."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for k in keys(var.tags) : length(k) <= 512 && !can(regex("[<>%&\\\\?/]", k))])
    error_message = "Tag names must be at most 512 characters and must not contain < > % & \\ ? /."
  }
}

variable "log_level" {
  description = "LOG_LEVEL of the app."
  type        = string
  default     = "info"

  validation {
    condition     = contains(["debug", "info", "warn", "error"], var.log_level)
    error_message = "log_level must be one of debug, info, warn, error."
  }
}

variable "log_retention_days" {
  description = "Retention of the Log Analytics workspace."
  type        = number
  default     = 30

  validation {
    condition     = var.log_retention_days >= 30 && var.log_retention_days <= 730
    error_message = "log_retention_days must be between 30 and 730."
  }
}

variable "function_maximum_instance_count" {
  description = "Flex Consumption scale-out limit."
  type        = number
  default     = 40

  validation {
    condition     = var.function_maximum_instance_count >= 40 && var.function_maximum_instance_count <= 1000
    error_message = "function_maximum_instance_count must be between 40 and 1000 (Flex Consumption limits)."
  }
}

variable "function_instance_memory_mb" {
  description = "Flex Consumption instance size."
  type        = number
  default     = 2048

  validation {
    condition     = contains([2048, 4096], var.function_instance_memory_mb)
    error_message = "function_instance_memory_mb must be 2048 or 4096."
  }
}

variable "always_ready_http_instances" {
  description = "Always-ready instances for HTTP triggers: GitHub gives up on a webhook after 10 s, so cold starts matter (field facts §5.1)."
  type        = number
  default     = 1

  validation {
    condition     = var.always_ready_http_instances >= 0 && var.always_ready_http_instances <= 10
    error_message = "always_ready_http_instances must be between 0 and 10."
  }
}

variable "durable_task_hub" {
  description = "DURABLE_TASK_HUB; empty means MlOrchestrator<Environment>. Apps sharing a storage account need different hubs."
  type        = string
  default     = ""

  validation {
    condition     = var.durable_task_hub == "" || can(regex("^[A-Za-z][A-Za-z0-9]{2,44}$", var.durable_task_hub))
    error_message = "durable_task_hub must be 3-45 letters or digits, starting with a letter."
  }
}

variable "lake" {
  description = <<-EOT
    The ADLS Gen2 account the pipelines read and write. create = true makes a new hierarchical-namespace
    account; otherwise existing_account_id names one (its resource group is not managed here).
    filesystem is LAKE_FILESYSTEM: lineage manifests and the promotion ledger go under _orchestrator/ in it.
  EOT
  type = object({
    create              = bool
    existing_account_id = optional(string, "")
    filesystem          = string
    extra_filesystems   = optional(list(string), [])
  })

  validation {
    condition     = var.lake.create || can(regex("^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft.Storage/storageAccounts/[a-z0-9]{3,24}$", var.lake.existing_account_id))
    error_message = "lake.existing_account_id must be a storage account resource id when lake.create is false."
  }

  validation {
    condition     = alltrue([for fs in concat([var.lake.filesystem], var.lake.extra_filesystems) : can(regex("^[a-z0-9](?:[a-z0-9]|-[a-z0-9]){2,62}$", fs))])
    error_message = "Filesystem names must be 3-63 lower-case letters, digits or single hyphens."
  }
}

variable "lake_triggers" {
  description = <<-EOT
    One Event Grid subscription per trigger path. Planned: generated from the bundles' trigger sidecar
    config (issue #7) once its format lands; until then keep this list in step with it by hand.
    path_prefix is relative to the filesystem root, without a leading slash.
  EOT
  type = list(object({
    name        = string
    filesystem  = string
    path_prefix = string
  }))
  default = []

  validation {
    condition     = alltrue([for t in var.lake_triggers : can(regex("^[a-z0-9][a-z0-9-]{1,40}$", t.name))])
    error_message = "lake_triggers[*].name must be 2-41 lower-case letters, digits or hyphens."
  }

  validation {
    condition     = alltrue([for t in var.lake_triggers : !startswith(t.path_prefix, "/") && !strcontains(t.path_prefix, "..")])
    error_message = "lake_triggers[*].path_prefix must be relative (no leading slash) and must not contain '..'."
  }

  validation {
    condition     = length(distinct([for t in var.lake_triggers : t.name])) == length(var.lake_triggers)
    error_message = "lake_triggers names must be unique."
  }
}

variable "event_grid_subscriptions_enabled" {
  description = "Event Grid validates the function endpoint when a subscription is created, so a new environment is applied once with false, the package deployed, then applied with true."
  type        = bool
  default     = true
}

variable "event_grid_function_name" {
  description = "Name of the app's Event Grid trigger function (functions/, issue #7)."
  type        = string
  default     = "storageEvents"

  validation {
    condition     = can(regex("^[A-Za-z][A-Za-z0-9_-]{0,127}$", var.event_grid_function_name))
    error_message = "event_grid_function_name must be a valid function name."
  }
}

variable "event_grid_retry" {
  description = "Event Grid delivery retry policy; after the last attempt events go to the dead-letter container."
  type = object({
    max_delivery_attempts = number
    event_ttl_minutes     = number
  })
  default = { max_delivery_attempts = 30, event_ttl_minutes = 1440 }

  validation {
    condition     = var.event_grid_retry.max_delivery_attempts >= 1 && var.event_grid_retry.max_delivery_attempts <= 30
    error_message = "event_grid_retry.max_delivery_attempts must be between 1 and 30."
  }

  validation {
    condition     = var.event_grid_retry.event_ttl_minutes >= 1 && var.event_grid_retry.event_ttl_minutes <= 1440
    error_message = "event_grid_retry.event_ttl_minutes must be between 1 and 1440."
  }
}

variable "databricks_hosts" {
  description = "Databricks workspace URL per bundle target (e.g. staging, prod). Rendered into app settings; the config schema (docs/configuration.md) owns the final setting names."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for t, h in var.databricks_hosts : can(regex("^[a-z][a-z0-9_]{0,31}$", t)) && can(regex("^https://[a-z0-9.-]+\\.azuredatabricks\\.net/?$", h))])
    error_message = "databricks_hosts keys must be target names (lower-case, digits, underscores) and values https://<workspace>.azuredatabricks.net URLs."
  }
}

variable "github_app_id" {
  description = "GITHUB_APP_ID of the GitHub App that fetches sources and reports checks (not a secret)."
  type        = string
  default     = ""

  validation {
    condition     = var.github_app_id == "" || can(regex("^[0-9]+$", var.github_app_id))
    error_message = "github_app_id must be the numeric App ID."
  }
}

variable "key_vault_settings" {
  description = <<-EOT
    App settings that are Key Vault references: setting name => secret name. The secrets themselves are
    set out of band (never in Terraform state): docs/runbooks/rotate-webhook-secret.md.
  EOT
  type        = map(string)
  default = {
    GITHUB_WEBHOOK_SECRET  = "github-webhook-secret"
    GITHUB_APP_PRIVATE_KEY = "github-app-private-key"
  }

  validation {
    condition     = alltrue([for s, n in var.key_vault_settings : can(regex("^[A-Za-z_][A-Za-z0-9_]*$", s)) && can(regex("^[A-Za-z0-9-]{1,127}$", n))])
    error_message = "key_vault_settings maps setting names (letters, digits, _) to Key Vault secret names (letters, digits, -)."
  }
}

variable "key_vault_purge_protection" {
  description = "Purge protection on the Key Vault; keep true in prod (it cannot be turned off again)."
  type        = bool
  default     = true
}

variable "promotion_requester_principal_ids" {
  description = "Entra object ids (users or groups) granted the Promotion.Request app role."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for id in var.promotion_requester_principal_ids : can(regex("^[0-9a-f-]{36}$", id))])
    error_message = "promotion_requester_principal_ids must be object ids (GUIDs)."
  }
}

variable "promotion_approver_principal_ids" {
  description = "Entra object ids (users or groups) granted the Promotion.Approve app role."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for id in var.promotion_approver_principal_ids : can(regex("^[0-9a-f-]{36}$", id))])
    error_message = "promotion_approver_principal_ids must be object ids (GUIDs)."
  }
}
