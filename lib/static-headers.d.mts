export const STATIC_SECURITY_HEADERS: { key: string; value: string }[];
