// Posts an ordinary form, so the browser saves the answer (an attachment) as a file and the page stays put.
// fields: [[name, value], ...]; a name may repeat (one entry per page of a book).
export function post(action, fields) {
    const form = document.createElement('form');
    form.method = 'post';
    form.action = action;
    form.hidden = true;
    for (const [name, value] of fields) {
        const input = document.createElement('input');
        input.type = 'hidden';
        input.name = name;
        input.value = value;
        form.appendChild(input);
    }
    document.body.appendChild(form);
    form.submit();
    form.remove();
}
