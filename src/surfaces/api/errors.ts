/** The API's error envelope (docs/api.md): `{ error: { code, message } }`. */
export const ERROR_STATUS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const errorBody = (code: ErrorCode | 'internal', message: string) => ({ error: { code, message } });

export const notFound = (what: string) => new ApiError('not_found', `no ${what}`);
export const badRequest = (message: string) => new ApiError('bad_request', message);
