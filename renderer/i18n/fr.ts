// French. Typed against the English catalogue so every key is present.
import type { MessageSchema } from './en';

export const fr: MessageSchema = {
  app: {
    title: "Vérification d'identité",
    languageName: 'Français',
    cancel: 'Annuler',
    back: 'Retour',
    continue: 'Continuer',
    tryAgain: 'Réessayer',
    startOver: 'Recommencer',
  },
  attract: {
    title: 'Vérifiez votre identité',
    subtitle:
      "Préparez votre passeport, votre permis de conduire ou votre carte d'identité. Cela prend environ deux minutes.",
    start: 'Touchez pour commencer',
    serviceNotice: 'Les contrôles sont effectués par : {label}',
    unavailable: 'Service de la borne indisponible : {message}',
    cleared: 'Pour votre confidentialité, tout ce qui concernait la visite précédente a été effacé.',
  },
  consent: {
    languageTitle: 'Choisissez votre langue',
    title: 'Avant de commencer',
    body: "Nous allons photographier votre pièce d'identité et votre visage, puis envoyer ces photos au service de vérification d'identité, qui contrôle que le document est authentique et qu'il vous appartient.",
    retention:
      "Rien n'est conservé sur cette borne : vos photos y sont effacées dès que vous terminez ou que vous partez.",
    agree: "J'accepte, continuer",
    starting: 'Préparation de votre session…',
  },
  document: {
    countryTitle: 'Quel pays a délivré votre document ?',
    typeTitle: 'Quel document avez-vous ?',
    changeCountry: 'Changer de pays',
    frontAndBack: 'Recto et verso',
    frontOnly: 'Page avec photo uniquement',
    none: "Aucun document n'est disponible sur cette borne. Veuillez demander à un membre du personnel.",
    specimenName: 'Utopie',
    specimenLabel: 'Spécimen (document de test de l’OACI)',
    types: {
      PASSPORT: 'Passeport',
      DRIVING_LICENCE: 'Permis de conduire',
      NATIONAL_ID: "Carte nationale d'identité",
      RESIDENCE_PERMIT: 'Titre de séjour',
    },
  },
  capture: {
    titleFront: 'Photo du recto de votre document : {document}',
    titleBack: 'Maintenant le verso de votre document : {document}',
    titlePassport: 'Photo de la page du passeport avec votre photo',
    hint: 'Posez le document à plat dans le cadre. La photo est prise automatiquement dès qu’elle est nette.',
    shutter: 'Prendre la photo',
    chooseCamera: 'Caméra',
    starting: 'Démarrage de la caméra…',
    autoCaptured: 'Photo prise',
    demoLabel: 'Caméra de démonstration — document spécimen, pas une vraie personne',
    guidance: {
      NO_DOCUMENT: 'Placez votre document dans le cadre',
      TOO_SMALL: 'Rapprochez le document pour remplir le cadre',
      BLURRED: "Ne bougez plus : l'image est floue",
      GLARE: 'Inclinez un peu le document pour éviter les reflets',
      TOO_DARK: 'Trop sombre : placez-vous dans un endroit plus éclairé',
      TOO_BRIGHT: 'Trop clair : évitez la lumière directe',
      NOT_STEADY: 'Ne bougez plus',
      ready: 'Parfait, ne bougez plus…',
      unavailable: 'Alignez le document et appuyez sur le bouton',
    },
  },
  review: {
    title: 'Vérifiez votre photo',
    checking: 'Vérification de la photo…',
    accepted: 'La photo semble bonne. Tout le texte est-il net et lisible ?',
    queued: 'Enregistrée. Elle sera envoyée dès que le service sera de nouveau joignable.',
    rejectedTitle: 'Veuillez reprendre la photo',
    retake: 'Reprendre',
    usePhoto: 'Utiliser cette photo',
    useAnyway: "L'utiliser quand même",
    triesLeft: 'Encore {count} essais',
    triesLeftOne: 'Encore 1 essai',
    noTriesLeft:
      "Plus d'essai possible pour ce document. Utilisez cette photo ou demandez de l'aide à un membre du personnel.",
    issues: {
      BLURRED: 'La photo est floue.',
      GLARE: 'Il y a des reflets sur le document.',
      NO_DOCUMENT: "Nous n'avons trouvé aucun document sur la photo.",
      UNREADABLE_MRZ: 'Nous ne pouvons pas lire les lignes de lettres et de chiffres en bas de la page.',
      WRONG_DOCUMENT_TYPE: 'Cela ne ressemble pas au document que vous avez choisi.',
      TOO_DARK: 'La photo est trop sombre.',
      TOO_BRIGHT: 'La photo est trop claire.',
      TOO_SMALL: 'Le document est trop petit sur la photo : rapprochez-le.',
      UNREADABLE_IMAGE: "La photo n'a pas pu être lue.",
      WRONG_COUNTRY: "Ce document semble provenir d'un autre pays que celui que vous avez choisi.",
      MRZ_NOT_FOUND:
        'Nous ne trouvons pas les lignes de lettres et de chiffres en bas de la page : montrez la page entière.',
      MRZ_INVALID:
        'Les lignes de lettres et de chiffres en bas de la page ne sont pas assez nettes pour être lues.',
      BARCODE_NOT_FOUND: "Nous n'avons pas pu lire le code-barres au verso.",
      NOT_STEADY: 'Le document a bougé pendant la prise de vue.',
      generic: "La photo n'est pas assez nette.",
    },
  },
  face: {
    title: 'Maintenant une photo de votre visage',
    hint: 'Regardez la caméra bien en face. Retirez lunettes, chapeau ou masque.',
    guidance: 'Regardez la caméra, le visage dans l’ovale',
    shutter: 'Prendre ma photo',
  },
  uploading: {
    title: 'Envoi de vos photos',
    progress: '{sent} sur {total} envoyées',
    processing: 'Vérification de votre document…',
    retrying: 'Problème de connexion, nouvel essai en cours. Vos photos sont en sécurité.',
    waiting: 'Veuillez patienter un instant.',
  },
  scanner: {
    mrzRead: 'Document lu par le scanner.',
  },
  done: {
    title: 'Merci, vous avez terminé',
    body: 'Un membre du personnel va examiner le résultat avec vous.',
    staff: 'Personnel : voir le résultat',
    bodyUnattended: 'Vos documents ont été envoyés pour vérification.',
    returning: 'Cet écran reviendra au début dans quelques secondes.',
    finish: 'Terminer',
  },
  result: {
    title: 'Résultat de la vérification',
    localBanner: "Résultat du service IDV local : ce n'est PAS une vérification Yoti",
    yotiBanner: 'Résultat fourni par Yoti',
    source: 'Source',
    session: 'État de la session',
    document: 'Document',
    completed: 'Terminé le',
    checks: 'Contrôles',
    noChecks: "Aucun contrôle n'a été signalé.",
    fields: 'Données extraites',
    noFields: "Aucune donnée n'a été extraite du document.",
    images: 'Images capturées',
    face: 'Visage',
    faceMatch: {
      title: 'Correspondance faciale',
      portrait: 'Portrait du document',
      noPortrait: 'Aucun portrait n’a été trouvé sur le document.',
      noFace: 'Pas d’image du visage.',
      score: 'Score de correspondance',
      threshold: 'Seuil',
      outcome: 'Résultat',
    },
    page: 'Page : {side}',
    sides: { front: 'recto', back: 'verso' },
    finish: 'Terminer et effacer',
    recommendation: {
      APPROVE: 'Approuver',
      REJECT: 'Rejeter',
      NOT_AVAILABLE: 'Non disponible',
    },
    staffDecides: 'Les contrôles conseillent ; la décision finale revient au personnel.',
  },
  idle: {
    title: 'Êtes-vous toujours là ?',
    body: 'Pour protéger votre vie privée, tout sera effacé dans {seconds} secondes.',
    stay: 'Je suis toujours là',
  },
  errors: {
    noCamera: {
      title: 'Aucune caméra trouvée',
      body: 'La borne ne détecte aucune caméra.',
    },
    cameraDenied: {
      title: "La caméra n'est pas disponible",
      body: 'La borne n’a pas le droit d’utiliser sa caméra.',
    },
    cameraLost: {
      title: 'La caméra a été débranchée',
      body: 'La caméra n’envoie plus d’images.',
    },
    uploadFailed: {
      title: "Votre photo n'a pas pu être envoyée",
      body: "Un problème est survenu pendant l'envoi. Vous pouvez réessayer ou reprendre la photo.",
    },
    serviceUnreachable: {
      title: 'Le service de vérification est injoignable',
      body: "La borne n'est pas connectée au service de vérification d'identité pour le moment. Réessayez dans un instant ou demandez à un membre du personnel.",
    },
    sessionExpired: {
      title: 'Votre session a expiré',
      body: 'Pour votre sécurité, les sessions ont une durée limitée. Veuillez recommencer.',
    },
    unexpected: {
      title: 'Un problème est survenu',
      body: 'Veuillez recommencer. Si cela se reproduit, demandez à un membre du personnel.',
    },
    camera: {
      noCamera:
        'Vérifiez que le câble de la caméra est bien branché, puis appuyez sur Réessayer. Si cela ne marche toujours pas, demandez à un membre du personnel.',
      cameraDenied:
        'Demandez à un membre du personnel : la caméra doit être autorisée pour cette borne. S’il y a une autre caméra, appuyez sur Réessayer et choisissez-la.',
      cameraLost:
        'Vérifiez le câble de la caméra. Nous reprenons tout seuls dès que la caméra revient. Si elle ne revient pas, demandez à un membre du personnel.',
      demoOffer:
        'Cette borne utilise le service de démonstration : vous pouvez essayer tout le parcours avec la caméra de démonstration, qui montre un document spécimen et un visage d’exemple.',
      useDemo: 'Utiliser la caméra de démonstration',
    },
    retake: 'Reprendre la photo',
  },
  firstRun: {
    title: 'Premier démarrage : que faire ensuite',
    mode: 'Choisissez le mode (personnel ou sans surveillance) : réglez « mode » dans settings.json, puis redémarrez la borne.',
    demo: 'Essayez une vérification de démonstration : appuyez sur Commencer ; la caméra de démonstration montre un document spécimen, sans caméra ni vrai document.',
    admin:
      'Créez le premier administrateur : cela viendra avec le poste du personnel, pas encore disponible.',
  },
};
