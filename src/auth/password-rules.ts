// The rules every password follows, wherever it is set: the API's schemas and the console's forms
// (which import this file, so it has no Node dependencies).
export const PASSWORD_RULES = { minLength: 10, maxLength: 200 } as const;
