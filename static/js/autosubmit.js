// Submits a form marked data-autosubmit as soon as the page loads (the LTI deep-linking return to the
// platform). A file rather than an inline script, so the page works under the site's Content Security Policy.
for (const form of document.querySelectorAll("form[data-autosubmit]")) {
  form.submit();
}
