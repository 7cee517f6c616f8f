// The viewer's time zone, so dates can be shown in their local time. Read once per circuit.
export function zone() {
    return {
        id: Intl.DateTimeFormat().resolvedOptions().timeZone || null,
        offsetMinutes: -new Date().getTimezoneOffset(),
    };
}
