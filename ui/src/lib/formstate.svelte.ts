// The state and save sequence every form shares (check → errors, or warnings to confirm once →
// save), as one reactive object. Components keep only their fields and their success message.
import { tick } from "svelte";
import type { FormIssue, FormReport } from "./api";
import { issuesByField, toShownError, type ShownError } from "./errors";
import { checkThenSave, fieldFailure } from "./formflow";

export class FormState<F, R> {
  form: F = $state() as F;
  issues = $state<FormIssue[]>([]);
  failure = $state<ShownError | null>(null);
  saving = $state(false);
  /** The success message of the last save (cleared when a new save starts). */
  message = $state<string | null>(null);
  /** The summary box, focused when errors or warnings appear. */
  summary = $state<HTMLElement | null>(null);
  /** The success message (tabindex="-1"), focused after 「このまま保存する」: the button pressed
   * goes away with the warning box, and the keyboard user must not be dropped to the page. */
  success = $state<HTMLElement | null>(null);
  byField = $derived(issuesByField(this.issues));
  warnings = $derived(this.issues.filter((i) => i.severity === "warning"));
  /** Set after the first submit: from then on, leaving a field re-checks the form. */
  #submitted = $state(false);
  /** The form values the user saw the warnings for and chose to save anyway. */
  #acceptedFor = $state<string | null>(null);
  /** Whether `failure` is a save that failed for a reason other than the fields (storage…):
   * a field check passing on blur says nothing about it, so it stays until the next save. */
  #failureNotFields = false;

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
      const issues = (await this.check(this.form)).issues;
      this.issues = issues;
      // The summary describes the fields as they are now: a fixed error leaves it at once.
      if (this.failure && !this.#failureNotFields) this.failure = fieldFailure(issues);
    } catch (e) {
      this.failure = toShownError(e);
      this.#failureNotFields = false;
    }
  };

  submit = async (event: SubmitEvent) => {
    event.preventDefault();
    // A form that makes its fields anew after a save (ClinicForm) has just removed the one
    // that had the focus: the success message takes it, so the keyboard does not start over.
    if ((await this.save()) && !document.activeElement?.closest("form")) {
      await tick();
      this.success?.focus();
    }
  };

  acceptWarnings = async () => {
    this.#acceptedFor = JSON.stringify(this.form);
    if (await this.save()) {
      await tick();
      this.success?.focus();
    }
  };

  /** Counts the resets: a form keys its fields on it to make them anew (see ClinicForm). */
  generation = $state(0);

  /** Clears the first-submit state after a successful save that resets the form. */
  reset(form: F) {
    this.generation += 1;
    this.form = form;
    this.issues = [];
    this.#submitted = false;
  }

  /** Checks and saves; true when saved. */
  async save(): Promise<boolean> {
    if (this.saving) return false;
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
      this.#failureNotFields = outcome.kind === "failed" && outcome.failure.issues.length === 0;
    }
    // Cleared before focusing, so a summary never shows while its buttons would ignore clicks.
    this.saving = false;
    if (outcome.kind !== "saved") {
      await tick();
      this.summary?.focus();
    }
    return outcome.kind === "saved";
  }
}
