// The state and save sequence every form shares (check → errors, or warnings to confirm once →
// save), as one reactive object. Components keep only their fields and their success message.
import { tick } from "svelte";
import type { FormIssue, FormReport } from "./api";
import { issuesByField, toShownError, type ShownError } from "./errors";
import { checkThenSave } from "./formflow";

export class FormState<F, R> {
  form: F = $state() as F;
  issues = $state<FormIssue[]>([]);
  failure = $state<ShownError | null>(null);
  saving = $state(false);
  /** The success message of the last save (cleared when a new save starts). */
  message = $state<string | null>(null);
  /** The summary box, focused when errors or warnings appear. */
  summary = $state<HTMLElement | null>(null);
  byField = $derived(issuesByField(this.issues));
  warnings = $derived(this.issues.filter((i) => i.severity === "warning"));
  /** Set after the first submit: from then on, leaving a field re-checks the form. */
  #submitted = $state(false);
  /** The form values the user saw the warnings for and chose to save anyway. */
  #acceptedFor = $state<string | null>(null);

  constructor(
    initial: F,
    private readonly check: (form: F) => Promise<FormReport>,
    private readonly persist: (form: F) => Promise<R>,
    /** Applies a successful save to the form and returns the message to show. */
    private readonly saved: (result: R) => string,
  ) {
    this.form = initial;
  }

  /** Whether the warning box should ask (the current values have not been confirmed). */
  get askWarnings(): boolean {
    return this.#acceptedFor !== JSON.stringify(this.form);
  }

  /** On blur after the first submit (never while typing, so IME composition is untouched). */
  onBlur = async () => {
    if (!this.#submitted) return;
    try {
      this.issues = (await this.check(this.form)).issues;
    } catch (e) {
      this.failure = toShownError(e);
    }
  };

  submit = (event: SubmitEvent) => {
    event.preventDefault();
    void this.save();
  };

  acceptWarnings = async () => {
    this.#acceptedFor = JSON.stringify(this.form);
    await this.save();
  };

  /** Clears the first-submit state after a successful save that resets the form. */
  reset(form: F) {
    this.form = form;
    this.issues = [];
    this.#submitted = false;
  }

  async save() {
    if (this.saving) return;
    this.#submitted = true;
    this.failure = null;
    this.message = null;
    this.saving = true;
    const outcome = await checkThenSave(
      () => this.check(this.form),
      () => this.persist(this.form),
      !this.askWarnings,
    );
    // Nothing typed is lost: the form changes only through `saved` after a successful save.
    if (outcome.kind === "saved") {
      this.#acceptedFor = null;
      this.issues = [];
      this.message = this.saved(outcome.value);
    } else {
      this.issues = outcome.issues;
      this.failure = outcome.kind === "warnings" ? null : outcome.failure;
    }
    // Cleared before focusing, so a summary never shows while its buttons would ignore clicks.
    this.saving = false;
    if (outcome.kind !== "saved") {
      await tick();
      this.summary?.focus();
    }
  }
}
