// Electron shell: written in the next step.
export {};
