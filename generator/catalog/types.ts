// The method catalog as it is written (after it has been checked against its schema).
// See catalog-schema.ts for what each field means.

export interface CatalogFile {
  readonly $comment?: string;
  readonly protocol: {
    readonly name: string;
    readonly title: string;
    readonly description?: string;
  };
  readonly package: {
    readonly name: string;
    readonly version: string;
    readonly description?: string;
  };
  readonly roles: Readonly<Record<string, CatalogRole>>;
  readonly methods: readonly CatalogMethod[];
  readonly errors: readonly CatalogErrorCode[];
  readonly extensions?: readonly CatalogExtension[];
  readonly cancellation?: { readonly method: string; readonly idProperty: string };
  readonly progress?: CatalogProgress;
}

export interface CatalogProgress {
  readonly method: string;
  readonly tokenPointer: string;
  readonly requestTokenPointer?: string;
}

export interface CatalogExtension {
  readonly prefix: string;
  readonly description?: string;
}

export interface CatalogRole {
  readonly description?: string;
  readonly typeName?: string;
  readonly lifecycle?: {
    readonly allowedBefore: readonly string[];
    readonly readyAfter: string;
    readonly notReadyError: string;
  };
}

export interface CatalogMethod {
  readonly name: string;
  readonly kind: "request" | "notification";
  readonly from: string;
  readonly to: string;
  readonly params?: string;
  readonly optionalParams?: boolean;
  readonly result?: string;
  readonly bothDirections?: boolean;
  readonly cancellable?: boolean;
  readonly progressTokenPointer?: string | boolean;
  readonly resultByParams?: {
    readonly pointer: string;
    readonly results: readonly {
      readonly value: string | number | boolean | null;
      readonly result: string;
    }[];
  };
  readonly errors?: readonly string[];
  readonly description?: string;
  readonly deprecated?: boolean | string;
  readonly since?: string;
}

export interface CatalogErrorCode {
  readonly code: number;
  readonly name: string;
  readonly message: string;
  readonly description?: string;
}
