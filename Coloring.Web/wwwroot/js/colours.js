// Keeps the colour scheme (the toggle's choice, or the system setting last seen) in a cookie for a year,
// so the server renders the next page in the same colours.
export function remember(name, value) {
    const secure = location.protocol === "https:" ? "; secure" : "";
    document.cookie = `${name}=${value}; path=/; max-age=31536000; samesite=lax${secure}`;
}
