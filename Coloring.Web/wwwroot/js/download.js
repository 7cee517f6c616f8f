// Posts a form (the antiforgery token among the fields) and saves the answer as a file, so the page stays put.
// fields: [[name, value], ...]; a name may repeat (one entry per page of a book).
// Returns null once the download has started, or the server's reason when it refused (shown in the dialog).
export async function post(action, fields) {
    const body = new URLSearchParams();
    for (const [name, value] of fields) {
        body.append(name, value);
    }

    const response = await fetch(action, { method: 'POST', body, credentials: 'same-origin' });
    if (!response.ok) {
        const reason = (await response.text()).trim();
        return reason || `The PDF could not be made (${response.status}).`;
    }

    const disposition = response.headers.get('Content-Disposition') || '';
    const match = /filename\*=UTF-8''([^;]+)|filename="?([^";]+)"?/i.exec(disposition);
    const name = match ? decodeURIComponent(match[1] || match[2]) : 'coloring.pdf';
    const url = URL.createObjectURL(await response.blob());
    const link = document.createElement('a');
    link.href = url;
    link.download = name;
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
    return null;
}
