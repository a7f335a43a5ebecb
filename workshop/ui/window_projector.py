"""The projector window as the main window drives it: made on first use, following the
prompt of the page that chooses one (Capture) – or, before that page is built, the
prompt it will start with, read from the store. ``MainWindow`` inherits it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from workshop.ui.page_stack import PageStack
    from workshop.ui.pages.base import Page
    from workshop.ui.projector import ProjectorWindow


class ProjectorLink:
    """Mixed into ``MainWindow``: uses its timer, translation, context and page stack."""

    projector: ProjectorWindow | None
    projector_prompt: str
    stack: PageStack | None

    def projector_view(self) -> ProjectorWindow:
        """The projector window (made on first use, hidden until ``toggle_projector``)."""
        if self.projector is None:
            from workshop.ui.projector import ProjectorWindow

            self.projector = ProjectorWindow(self.timer, self.tr_, self)
            self._sync_projector()
        return self.projector

    def toggle_projector(self) -> None:
        projector = self.projector_view()
        if projector.isVisible():
            projector.close()
        else:
            projector.present(self.screen())
            if not projector.single_screen():
                self.activateWindow()  # the keyboard stays with the facilitator

    def set_projector_prompt(self, text: str) -> None:
        """Slot for the Capture page's ``prompt_changed``: the room sees the same prompt."""
        self.projector_prompt = text
        if self.projector is not None:
            self.projector.set_prompt(text)

    def _follow_prompt(self, page: Page) -> None:
        """The projector follows the prompt of a page that chooses one (Capture)."""
        if not hasattr(page, "prompt_changed"):
            return
        page.prompt_changed.connect(self.set_projector_prompt)
        # The page chose its first prompt while it was built, before this connection.
        from workshop.model import Prompt

        prompt_id = page.current_prompt_id() if hasattr(page, "current_prompt_id") else None
        text = self.ctx.store.get(Prompt, prompt_id).text if prompt_id and self.ctx else ""
        self.set_projector_prompt(text.replace("\n", " "))  # as the page sends it

    def _prompt_from_store(self) -> None:
        """Before the Capture page is built, the projector shows the prompt it will start
        with – the first – read from the store, not from a page built for it."""
        from workshop.model import Prompt

        if self.ctx is None or self._prompt_followed():
            return
        prompts = self.ctx.store.list(Prompt)
        self.set_projector_prompt(prompts[0].text.replace("\n", " ") if prompts else "")

    def _prompt_followed(self) -> bool:
        return self.stack is not None and any(
            hasattr(page, "prompt_changed") for page in self.stack.built())

    def _sync_projector(self) -> None:
        if self.projector is None:
            return
        self.projector.retranslate(self.tr_)
        self.projector.set_title(self.session.store.workshop().title if self.session else "")
        self.projector.set_prompt(self.projector_prompt)
