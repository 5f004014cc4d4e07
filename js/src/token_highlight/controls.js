// Controls: method <select> (when more than one result), target <select>, single/grid toggle (shared/view_controls).
export { renderControls } from "../shared/view_controls.js";
