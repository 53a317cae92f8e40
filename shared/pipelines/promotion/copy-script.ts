/**
 * The Python script a one-time run executes to copy a model version into the target's model (ADR 0020,
 * "Cross-catalog copy"). Kept as a string because tsc copies no .py files into dist; the activity
 * imports it into the target workspace before each submit. Changing it means a new version (a new
 * file name), so a run that already started keeps the file it was given.
 */
export const COPY_SCRIPT_VERSION = 1;

/** Where the script lives in every target workspace: one fixed folder the orchestrator owns. */
export const COPY_SCRIPT_FOLDER = "/Workspace/Shared/.ml-orchestrator/promotion";
export const COPY_SCRIPT_PATH = `${COPY_SCRIPT_FOLDER}/copy_model_version_v${COPY_SCRIPT_VERSION}.py`;

/**
 * Arguments: source model, source version, target model, a JSON object of tags for the copy.
 * MLflow's `copy_model_version` does what a real Unity Catalog needs (artifacts uploaded with temporary
 * credentials, then finalised); the workspace registry and the emulator's MLflow server take the plain
 * create call it makes there. A copy made before (by `promoted_from` tag, or by its `models:/` source,
 * which Unity Catalog returns where search results carry no tags) is reused, so a retried task never
 * makes a second version. The last stdout line is the result as JSON.
 */
export const COPY_SCRIPT = String.raw`# ML orchestrator: copy a model version for a promotion (script version ${COPY_SCRIPT_VERSION}).
import json
import sys

import mlflow
from mlflow import MlflowClient
from mlflow.exceptions import MlflowException

MARKER_TAG = "promoted_from"


def registry_uri(source_model):
    tracking = mlflow.get_tracking_uri() or ""
    if not tracking.startswith("databricks"):
        # Outside Databricks (the local emulator) one MLflow server holds every model.
        return tracking
    return "databricks-uc" if len(source_model.split(".")) == 3 else "databricks"


def existing_copy(client, target_model, marker):
    quoted = target_model.replace("'", "\\'")
    token = None
    while True:
        try:
            page = client.search_model_versions("name = '%s'" % quoted, page_token=token)
        except MlflowException as e:
            if e.error_code == "RESOURCE_DOES_NOT_EXIST":
                return None
            raise
        for v in page:
            if getattr(v, "status", None) == "FAILED_REGISTRATION":
                continue
            if v.source == "models:/" + marker or (v.tags or {}).get(MARKER_TAG) == marker:
                return str(v.version)
        token = page.token
        if not token:
            return None


def main(argv):
    source_model, source_version, target_model, tags_json = argv[1:5]
    marker = "%s/%s" % (source_model, source_version)
    client = MlflowClient(registry_uri=registry_uri(source_model))
    version = existing_copy(client, target_model, marker)
    created = version is None
    if created:
        version = str(client.copy_model_version("models:/" + marker, target_model).version)
    tags = dict(json.loads(tags_json))
    tags[MARKER_TAG] = marker
    for key, value in sorted(tags.items()):
        client.set_model_version_tag(target_model, version, key, str(value))
    print(json.dumps({"model": target_model, "version": version, "created": created, MARKER_TAG: marker}))


if __name__ == "__main__":
    main(sys.argv)
`;
