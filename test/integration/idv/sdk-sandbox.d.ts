// Minimal typings for @getyoti/sdk-sandbox (the package ships none): only what these tests use.
declare module '@getyoti/sdk-sandbox' {
  interface Built<T> {
    build(): T;
  }
  export class SandboxIDVClientBuilder {
    withClientSdkId(sdkId: string): this;
    withPemString(pem: string): this;
    withSandboxUrl(url: string): this;
    build(): {
      configureSessionResponse(sessionId: string, config: unknown): Promise<void>;
      configureApplicationResponse(config: unknown): Promise<void>;
    };
  }
  export class SandboxResponseConfigBuilder implements Built<unknown> {
    withCheckReports(reports: unknown): this;
    withTaskResults(results: unknown): this;
    build(): unknown;
  }
  export class SandboxCheckReportsBuilder implements Built<unknown> {
    withDocumentAuthenticityCheck(check: unknown): this;
    withDocumentTextDataCheck(check: unknown): this;
    withDocumentFaceMatchCheck(check: unknown): this;
    withLivenessCheck(check: unknown): this;
    withAsyncReportDelay(seconds: number): this;
    build(): unknown;
  }
  class SandboxCheckBuilder implements Built<unknown> {
    withRecommendation(recommendation: unknown): this;
    withBreakdown(breakdown: unknown): this;
    withDocumentFilter(filter: unknown): this;
    build(): unknown;
  }
  export class SandboxDocumentAuthenticityCheckBuilder extends SandboxCheckBuilder {}
  export class SandboxDocumentFaceMatchCheckBuilder extends SandboxCheckBuilder {}
  export class SandboxZoomLivenessCheckBuilder extends SandboxCheckBuilder {}
  export class SandboxDocumentTextDataCheckBuilder extends SandboxCheckBuilder {
    withDocumentField(key: string, value: unknown): this;
  }
  export class SandboxRecommendationBuilder implements Built<unknown> {
    withValue(value: string): this;
    withReason(reason: string): this;
    withRecoverySuggestion(suggestion: string): this;
    build(): unknown;
  }
  export class SandboxBreakdownBuilder implements Built<unknown> {
    withSubCheck(subCheck: string): this;
    withResult(result: string): this;
    withDetail(name: string, value: string): this;
    build(): unknown;
  }
  export class SandboxTaskResultsBuilder implements Built<unknown> {
    withDocumentTextDataExtractionTask(task: unknown): this;
    build(): unknown;
  }
  export class SandboxDocumentTextDataExtractionTaskBuilder implements Built<unknown> {
    withDocumentField(key: string, value: unknown): this;
    withDocumentFilter(filter: unknown): this;
    build(): unknown;
  }
  export class SandboxDocumentFilterBuilder implements Built<unknown> {
    withDocumentType(type: string): this;
    withCountryCode(code: string): this;
    build(): unknown;
  }
}
