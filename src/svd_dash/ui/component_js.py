"""JavaScript shared by the page's own components (``plotly_chart``, ``web_map``), put before each one's script."""

HELPERS = """
function loadScript(src) {  // resolves once the script has run; rejects naming it
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = resolve;
    script.onerror = () => reject(new Error(`${src} did not load`));
    document.head.appendChild(script);
  });
}

function whenIdle(timeoutMs, callback) {  // when the browser is next idle, or after timeoutMs (Safari: at once)
  if (window.requestIdleCallback) requestIdleCallback(callback, { timeout: timeoutMs });
  else setTimeout(callback, 0);
}

function ownElement(parent, className, role) {  // the component's element in parent, made on its first render
  let element = parent.querySelector(`.${className}`);
  if (!element) {
    element = document.createElement('div');
    element.className = className;
    element.setAttribute('role', role);
    parent.appendChild(element);
  }
  return element;
}

function onWidthChange(element, callback) {  // one observer an element, however often it is drawn again
  if (element.svdResize) return;
  let width = element.clientWidth;
  element.svdResize = new ResizeObserver(() => {
    if (element.clientWidth !== width && element.isConnected) { width = element.clientWidth; callback(); }
  });
  element.svdResize.observe(element);
}
"""
