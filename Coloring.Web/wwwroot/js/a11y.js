// Two keyboard fixes the components cannot make themselves.
(() => {
    // The skip link moves focus to the page's content. Blazor's router handles "#main-content" links
    // by scrolling only, which leaves focus (and the next Tab) in the app bar.
    document.addEventListener("click", event => {
        const link = event.target instanceof Element ? event.target.closest("a.skip-link") : null;
        const main = document.getElementById("main-content");
        if (link && main) {
            event.preventDefault();
            main.focus();
        }
    }, true);

    // MudMenu wraps a custom activator in a div with role="button", a tab stop and the menu's aria-expanded;
    // around the real button inside, that is a control nested in a control (an extra, dead tab stop, and
    // axe's nested-interactive). The wrapper gives up its role and stop, and the real button gets the state.
    const unwrap = root => {
        for (const wrapper of root.querySelectorAll(".mud-menu-activator")) {
            const button = wrapper.querySelector("button, a[href]");
            if (!button) {
                continue;
            }

            wrapper.removeAttribute("role");
            wrapper.removeAttribute("tabindex");
            for (const name of ["aria-expanded", "aria-haspopup"]) {
                if (wrapper.hasAttribute(name)) {
                    button.setAttribute(name, wrapper.getAttribute(name));
                    wrapper.removeAttribute(name);
                }
            }
        }
    };
    const start = () => {
        unwrap(document);
        new MutationObserver(() => unwrap(document)).observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ["role", "tabindex", "aria-expanded", "aria-haspopup"] });
    };
    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
})();
