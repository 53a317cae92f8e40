"""The official Databricks SDK for Python against the emulator (issue #3, conformance).

Reads DATABRICKS_HOST / DATABRICKS_TOKEN; prints one "ok <step>" line per step; any failure raises.
"""
import base64, io, time
from databricks.sdk import WorkspaceClient
from databricks.sdk.service import jobs, workspace

w = WorkspaceClient()
me = w.current_user.me()
assert me.user_name == "sdk@example.com", me.user_name
print("ok current user")

base = "/Users/sdk@example.com/scenario"
w.workspace.mkdirs(base)
w.workspace.upload(f"{base}/ok.py", io.BytesIO(b"print('hello from the emulator')\n"), format=workspace.ImportFormat.AUTO)
w.workspace.upload(f"{base}/fail.py", io.BytesIO(b"raise SystemExit('boom')\n"), format=workspace.ImportFormat.AUTO)
w.workspace.upload(f"{base}/slow.py", io.BytesIO(b"import time\ntime.sleep(120)\n"), format=workspace.ImportFormat.AUTO)
names = sorted(o.path for o in w.workspace.list(base))
assert names == [f"{base}/fail.py", f"{base}/ok.py", f"{base}/slow.py"], names
assert w.workspace.download(f"{base}/ok.py").read() == b"print('hello from the emulator')\n"
print("ok workspace upload list download")

def job(name, file):
    return w.jobs.create(name=name, tasks=[jobs.Task(task_key="main", spark_python_task=jobs.SparkPythonTask(python_file=f"{base}/{file}"))]).job_id

ok_job = job("sdk-ok", "ok.py")
assert ok_job > 2**53, ok_job
run = w.jobs.run_now(job_id=ok_job).result()
assert run.state.result_state == jobs.RunResultState.SUCCESS, run.state
out = w.jobs.get_run_output(run.tasks[0].run_id)
assert "hello from the emulator" in out.logs, out.logs
print("ok run succeeded")

run = w.jobs.run_now(job_id=job("sdk-fail", "fail.py")).result()
assert run.state.result_state == jobs.RunResultState.FAILED, run.state
print("ok run failed")

waiter = w.jobs.run_now(job_id=job("sdk-slow", "slow.py"))
for _ in range(100):
    if w.jobs.get_run(waiter.run_id).state.life_cycle_state == jobs.RunLifeCycleState.RUNNING:
        break
    time.sleep(0.1)
run = w.jobs.cancel_run(waiter.run_id).result()
assert run.state.result_state == jobs.RunResultState.CANCELED, run.state
print("ok run canceled")

w.workspace.delete(base, recursive=True)
try:
    w.workspace.get_status(base)
    raise AssertionError("still there")
except Exception as e:
    assert "doesn't exist" in str(e), e
print("ok workspace delete")
