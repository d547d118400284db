handbookSearchLoaded("terms/di",{"di":[9,3],"direction":[11,3],"director":[9,54,19,14,22,14,23,14,2,10,25,4]});
