// "Copy link" on a post: copies the post's address instead of following the link.
// Without this script (or a clipboard) the link simply leads to the post itself.
document.addEventListener("click", (event) => {
  const link = event.target.closest("[data-copy-link]");
  if (!link || !navigator.clipboard) return;
  event.preventDefault();
  navigator.clipboard.writeText(link.href).then(() => {
    const label = link.textContent;
    link.textContent = link.dataset.copied;
    link.setAttribute("aria-live", "polite");
    setTimeout(() => { link.textContent = label; }, 2500);
  });
});
