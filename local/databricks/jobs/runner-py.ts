/**
 * The Python side of task execution, written to `<data>/runtime/emulator_runner.py` at start-up (tsc
 * does not copy .py files into dist). It gives notebooks a minimal `dbutils` (widgets, task values,
 * notebook.exit) and runs wheel entry points; spark_python_task scripts run without it, as on Databricks.
 */
export const runnerSource = String.raw`
import importlib, json, os, sys

class _NotebookExit(BaseException):
    def __init__(self, value):
        self.value = value

class _Widgets:
    def __init__(self, values):
        self._values = dict(values)
    def text(self, name, defaultValue="", label=None):
        self._values.setdefault(name, defaultValue)
    def dropdown(self, name, defaultValue="", choices=None, label=None):
        self._values.setdefault(name, defaultValue)
    combobox = dropdown
    multiselect = dropdown
    def get(self, name):
        if name not in self._values:
            raise ValueError("InputWidgetNotDefined: No input widget named %s is defined" % name)
        return self._values[name]
    def getArgument(self, name, defaultValue=None):
        return self._values.get(name, defaultValue)
    def getAll(self):
        return dict(self._values)
    def remove(self, name):
        self._values.pop(name, None)
    def removeAll(self):
        self._values.clear()

class _TaskValues:
    def __init__(self, folder, task_key):
        self._folder, self._key = folder, task_key
    def _file(self, key):
        return os.path.join(self._folder, key + ".json")
    def _load(self, key):
        try:
            with open(self._file(key)) as f:
                return json.load(f)
        except FileNotFoundError:
            return {}
    def set(self, key, value):
        values = self._load(self._key)
        values[key] = value
        with open(self._file(self._key), "w") as f:
            json.dump(values, f)
    def get(self, taskKey, key, default=None, debugValue=None):
        values = self._load(taskKey)
        if key in values:
            return values[key]
        if default is not None:
            return default
        raise ValueError("Task value %s of task %s was not set" % (key, taskKey))

class _Jobs:
    def __init__(self, task_values):
        self.taskValues = task_values

class _Notebook:
    def exit(self, value):
        raise _NotebookExit(value)

class _DBUtils:
    def __init__(self):
        env = os.environ
        self.widgets = _Widgets(json.loads(env.get("EMULATOR_WIDGETS", "{}")))
        self.jobs = _Jobs(_TaskValues(env["EMULATOR_TASK_VALUES_DIR"], env["EMULATOR_TASK_KEY"]))
        self.notebook = _Notebook()

def _write_result(value):
    with open(os.environ["EMULATOR_RESULT_FILE"], "w") as f:
        json.dump({"result": None if value is None else str(value)}, f)

def run_notebook(path):
    with open(path) as f:
        source = f.read()
    scope = {"__name__": "__main__", "__file__": path, "dbutils": _DBUtils(), "display": print}
    sys.path.insert(0, os.path.dirname(path))
    try:
        exec(compile(source, path, "exec"), scope)
    except _NotebookExit as e:
        _write_result(e.value)

def run_wheel(package, entry, args):
    from importlib.metadata import distributions
    sys.argv = [package] + args
    wanted = package.replace("-", "_").lower()
    for dist in distributions():
        name = (dist.metadata["Name"] or "").replace("-", "_").lower()
        if name == wanted:
            for ep in dist.entry_points:
                if ep.name == entry:
                    return ep.load()()
    return getattr(importlib.import_module(package), entry)()

if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "notebook":
        run_notebook(sys.argv[2])
    elif mode == "wheel":
        result = run_wheel(sys.argv[2], sys.argv[3], sys.argv[4:])
        if isinstance(result, int) and result != 0:
            sys.exit(result)
`;
