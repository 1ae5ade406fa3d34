/*
 * The translators' workbench in wagtail-localize's editor (see network/translation/workbench.py).
 *
 * wagtail-localize's React app renders each string segment as an <li> whose first <p> is
 * the source text. This script asks the portal for each segment's translation memory
 * matches and glossary terms, adds them under the segment (a panel of its own, appended
 * to the <li>, which React never reorders), highlights the terms in the source, and
 * saves a match in one click. It watches the editor for segments React (re)renders.
 */
(function () {
    'use strict';

    const script = document.currentScript;
    const editor = document.querySelector('.js-translation-editor');
    if (!script || !editor || !editor.dataset.props) {
        return;
    }
    const props = JSON.parse(editor.dataset.props);
    const found = /translate\/(\d+)\//.exec((props.links || {}).downloadPofile || '');
    if (!found) {
        return;
    }
    const csrfInput = editor.querySelector('[name="csrfmiddlewaretoken"]');
    const csrfToken = csrfInput ? csrfInput.value : '';
    const dataUrl = script.dataset.workbenchUrl.replace('/0/', '/' + found[1] + '/');
    let data = null;

    function element(tag, className, text) {
        const node = document.createElement(tag);
        if (className) {
            node.className = className;
        }
        if (text !== undefined) {
            node.textContent = text;
        }
        return node;
    }

    function format(template, values) {
        return template.replace(/%\((\w+)\)s/g, (all, key) => values[key]).replace('%%', '%');
    }

    function highlight(paragraph, segment) {
        if (!segment.terms.length || paragraph.dataset.workbenchTerms) {
            return;
        }
        const text = segment.source;
        const parts = [];
        let position = 0;
        segment.terms.forEach((term) => {
            parts.push(document.createTextNode(text.slice(position, term.start)));
            const mark = element('mark', 'workbench-term', text.slice(term.start, term.end));
            mark.title = format(data.labels.required, { term: term.translation });
            mark.dataset.translation = term.translation;
            parts.push(mark);
            position = term.end;
        });
        parts.push(document.createTextNode(text.slice(position)));
        paragraph.dataset.workbenchTerms = 'yes';
        paragraph.replaceChildren(...parts);
    }

    function diff(operations) {
        const node = element('div', 'workbench-diff');
        node.setAttribute('aria-label', data.labels.sourceDiff);
        node.title = data.labels.sourceDiff;
        operations.forEach(([operation, text]) => {
            const tag = { equal: 'span', delete: 'del', insert: 'ins' }[operation];
            node.appendChild(element(tag, '', text));
        });
        return node;
    }

    function use(segment, match, button) {
        button.disabled = true;
        const body = new FormData();
        body.append('segment', segment.id);
        body.append('entry', match.id);
        fetch(data.useUrl, {
            method: 'POST',
            credentials: 'same-origin',
            body: body,
            headers: { 'X-CSRFToken': csrfToken },
        }).then((response) => {
            if (!response.ok) {
                throw new Error(response.status);
            }
            // The React editor keeps its own state: reload it, back at the same place.
            sessionStorage.setItem('workbench-scroll', String(window.scrollY));
            window.location.reload();
        }).catch(() => {
            button.disabled = false;
            button.parentElement.appendChild(element('p', 'workbench-error', data.labels.failed));
        });
    }

    function matchRow(segment, match) {
        const row = element('li', 'workbench-match');
        row.dataset.percent = match.percent;
        const badge = match.percent === 100
            ? data.labels.exact
            : format(data.labels.fuzzy, { percent: match.percent });
        row.appendChild(element('span', 'workbench-badge workbench-badge--' + (match.percent === 100 ? 'exact' : 'fuzzy'), badge));
        row.appendChild(element('span', 'workbench-target', match.target));
        const meta = [match.reviewed ? data.labels.reviewed : data.labels.notReviewed, match.origin, match.by, match.at]
            .filter(Boolean).join(' · ');
        row.appendChild(element('span', 'workbench-meta', meta));
        if (match.diff) {
            row.appendChild(diff(match.diff));
        }
        const button = element('button', 'button button-small button-secondary workbench-use', data.labels.use);
        button.type = 'button';
        button.addEventListener('click', () => use(segment, match, button));
        row.appendChild(button);
        return row;
    }

    function panel(segment) {
        const node = element('div', 'workbench-panel');
        node.dataset.segmentId = segment.id;
        if (segment.terms.length) {
            const terms = element('p', 'workbench-terms');
            terms.appendChild(element('strong', '', data.labels.glossary + ': '));
            segment.terms.forEach((term, index) => {
                if (index) {
                    terms.appendChild(document.createTextNode('; '));
                }
                terms.appendChild(element('span', 'workbench-term-pair', term.term + ' → ' + term.translation));
            });
            node.appendChild(terms);
        }
        const matches = segment.exact.concat(segment.fuzzy);
        if (matches.length) {
            node.appendChild(element('strong', 'workbench-heading', data.labels.memory));
            const list = element('ul', 'workbench-matches');
            matches.forEach((match) => list.appendChild(matchRow(segment, match)));
            node.appendChild(list);
        }
        if (segment.path === 'slug' && data.slug) {
            const address = element('p', 'workbench-address');
            address.appendChild(element('strong', '', (data.slug.live ? data.labels.addressLive : data.labels.address) + ': '));
            address.appendChild(element('code', '', data.slug.url));
            node.appendChild(address);
        }
        return node.childNodes.length ? node : null;
    }

    function decorate() {
        const queues = new Map();
        data.segments.forEach((segment) => {
            if (!queues.has(segment.source)) {
                queues.set(segment.source, []);
            }
            queues.get(segment.source).push(segment);
        });
        editor.querySelectorAll('li > p:first-of-type').forEach((paragraph) => {
            const item = paragraph.parentElement;
            const text = paragraph.dataset.workbenchTerms ? paragraph.dataset.workbenchSource : paragraph.textContent;
            const queue = queues.get(text);
            const segment = queue && queue.shift();
            if (!segment) {
                return;
            }
            paragraph.dataset.workbenchSource = text;
            highlight(paragraph, segment);
            if (!item.querySelector(':scope > .workbench-panel')) {
                const node = panel(segment);
                if (node) {
                    item.appendChild(node);
                }
            }
        });
    }

    fetch(dataUrl, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
        .then((response) => response.json())
        .then((json) => {
            data = json;
            if (!data.canEditImages) {
                document.body.classList.add('workbench-no-image-edit');
            }
            let pending = false;
            const observer = new MutationObserver(() => {
                if (!pending) {
                    pending = true;
                    window.requestAnimationFrame(() => {
                        pending = false;
                        observer.disconnect();
                        decorate();
                        observer.observe(editor, { childList: true, subtree: true });
                    });
                }
            });
            decorate();
            observer.observe(editor, { childList: true, subtree: true });
            const scroll = sessionStorage.getItem('workbench-scroll');
            if (scroll !== null) {
                sessionStorage.removeItem('workbench-scroll');
                window.scrollTo(0, Number(scroll));
            }
            document.body.dataset.workbench = 'ready';
        });
})();
