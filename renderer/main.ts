// Renderer entry: Vue app with Pinia (the flow store) and vue-i18n.
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { createKioskI18n } from './i18n';
import './styles/kiosk.css';

const app = createApp(App);
app.use(createPinia());
app.use(createKioskI18n());
app.mount('#app');
