/// A made-up CI API for planning tests: pipelines and their runs, the latest runs of every pipeline, a run's jobs,
/// and the logs of a run and of a job (each at its own path).
enum BuildsAPIFixture {
    static let spec = """
        openapi: 3.0.1
        info: {title: Builds, version: 1.0.0}
        paths:
          /pipelines:
            get:
              operationId: listPipelines
              summary: List pipelines
              responses: {'200': {$ref: '#/components/responses/Items'}}
          /pipelines/{pipelineId}/runs:
            get:
              operationId: listPipelineRuns
              summary: List the runs of a pipeline
              parameters: [{name: pipelineId, in: path, required: true, schema: {type: integer}}]
              responses: {'200': {$ref: '#/components/responses/Items'}}
          /runs:
            get:
              operationId: listRuns
              summary: List the latest runs of every pipeline
              responses: {'200': {$ref: '#/components/responses/Items'}}
          /runs/{runId}/jobs:
            get:
              operationId: listRunJobs
              summary: List the jobs of a run
              parameters: [{name: runId, in: path, required: true, schema: {type: integer}}]
              responses: {'200': {$ref: '#/components/responses/Items'}}
          /runs/{runId}/logs:
            get:
              operationId: getRunLogs
              summary: Download the logs of a run
              parameters: [{name: runId, in: path, required: true, schema: {type: integer}}]
              responses: {'200': {$ref: '#/components/responses/Logs'}}
          /jobs/{jobId}/logs:
            get:
              operationId: getJobLogs
              summary: Download the output of a job
              parameters: [{name: jobId, in: path, required: true, schema: {type: integer}}]
              responses: {'200': {$ref: '#/components/responses/Logs'}}
        components:
          responses:
            Items:
              description: The items
              content:
                application/json:
                  schema:
                    type: array
                    items: {type: object, properties: {id: {type: integer}, name: {type: string}}}
            Logs: {description: Logs, content: {text/plain: {schema: {type: string}}}}
        """
}
