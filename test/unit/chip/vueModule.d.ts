// The Node type-check (tsconfig.node.json) sees this folder's one .vue import (chipStep.test.ts);
// vue-tsc (tsconfig.web.json) checks the component itself.
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<Record<string, unknown>, Record<string, unknown>, unknown>;
  export default component;
}
