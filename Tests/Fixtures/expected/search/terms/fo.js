handbookSearchLoaded("terms/fo",{"folder":[14,4]});
