/** The URLs the extension publishes in the durableClient binding and in check-status responses. */
export interface ManagementUrls {
  forInstance(id: string): Record<string, string> & { id: string; statusQueryGetUri: string };
  bindingValue(): Record<string, unknown>;
}

export function createManagementUrls(baseUrl: string, taskHub: string, systemKey: string): ManagementUrls {
  const root = `${baseUrl}/runtime/webhooks/durabletask`;
  const common = `taskHub=${encodeURIComponent(taskHub)}&connection=Storage&code=${encodeURIComponent(systemKey)}`;
  const templates = (id: string) => {
    const instance = `${root}/instances/${id}`;
    return {
      id,
      statusQueryGetUri: `${instance}?${common}`,
      sendEventPostUri: `${instance}/raiseEvent/{eventName}?${common}`,
      terminatePostUri: `${instance}/terminate?reason={text}&${common}`,
      rewindPostUri: `${instance}/rewind?reason={text}&${common}`,
      purgeHistoryDeleteUri: `${instance}?${common}`,
      restartPostUri: `${instance}/restart?${common}`,
      suspendPostUri: `${instance}/suspend?reason={text}&${common}`,
      resumePostUri: `${instance}/resume?reason={text}&${common}`,
    };
  };
  return {
    forInstance: (id) => templates(encodeURIComponent(id)),
    bindingValue: () => ({
      taskHubName: taskHub,
      creationUrls: {
        createNewInstancePostUri: `${root}/orchestrators/{functionName}[/{instanceId}]?code=${encodeURIComponent(systemKey)}`,
        createAndWaitOnNewInstancePostUri: `${root}/orchestrators/{functionName}[/{instanceId}]?timeout={timeoutInSeconds}&pollingInterval={intervalInSeconds}&code=${encodeURIComponent(systemKey)}`,
      },
      managementUrls: templates("INSTANCEID"),
      baseUrl: root,
      requiredQueryStringParameters: `code=${encodeURIComponent(systemKey)}`,
      rpcBaseUrl: `${baseUrl}/durabletask/`,
    }),
  };
}
